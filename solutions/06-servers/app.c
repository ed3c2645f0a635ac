#include "app.h"

#include <errno.h>
#include <string.h>

#include "sleep.h"

enum app_route { ROUTE_HELLO, ROUTE_SLEEP, ROUTE_WORK, ROUTE_NOT_FOUND };

// The route a target names; a query string ("/work?n=1") does not count.
static enum app_route app_route_of(const char *target)
{
    size_t n = strcspn(target, "?");
    if (n == 1 && target[0] == '/')
        return ROUTE_HELLO;
    if (n == 6 && memcmp(target, "/sleep", 6) == 0)
        return ROUTE_SLEEP;
    if (n == 5 && memcmp(target, "/work", 5) == 0)
        return ROUTE_WORK;
    return ROUTE_NOT_FOUND;
}

static void app_answer(struct app_response *resp, enum app_route route)
{
    static const char *const bodies[] = {"Hello, world!\n", "slept\n", "worked\n",
                                         "not found\n"};
    resp->status = route == ROUTE_NOT_FOUND ? 404 : 200;
    resp->body = bodies[route];
    resp->body_len = strlen(resp->body);
}

// [app_blocking]
int app_handle_blocking(const struct app *app, const struct request *req,
                        struct app_response *resp)
{
    enum app_route route = app_route_of(req->target);
    int sleeps = route == ROUTE_SLEEP ? 1 : route == ROUTE_WORK ? APP_WORK_SLEEPS : 0;
    for (int i = 0; i < sleeps; i++) { // one wait after another: this thread can do
        int rc = sleep_ms(app->d_ms);  // nothing else meanwhile
        if (rc < 0)
            return rc;
    }
    app_answer(resp, route);
    return 0;
}
// [/app_blocking]

// One of /work's sleeps, as a coroutine of its own so that a gather can wait for ten.
struct app_sleep_frame {
    int64_t delay_ns;
};

static enum gen_status app_sleep(struct gen *g, struct value sent, struct value *out)
{
    struct app_sleep_frame *f = g->frame;
    GEN_BEGIN;
    AWAIT_SLEEP(f->delay_ns);
    GEN_RETURN(value_int(0));
    GEN_END;
}

// Frees /work's gather and its sleeps however they ended. A sleep still pending (the
// request was cancelled) is cancelled and frees itself once it finishes.
static void app_work_cleanup(struct app_async_frame *f)
{
    if (f->gather != NULL) {
        gather_cancel(f->gather);
        gather_free(f->gather);
        f->gather = NULL;
    }
    for (int i = 0; i < APP_WORK_SLEEPS; i++) {
        struct coro_task *t = f->sleeps[i];
        if (t == NULL)
            continue;
        if (coro_task_free(t) < 0) {
            coro_task_cancel(t);
            coro_task_detach(t);
        }
        f->sleeps[i] = NULL;
    }
}

void app_handle_async_init(struct gen *g, struct app_async_frame *f, struct loop *loop,
                           const struct app *app,
                           const struct request *req, struct app_response *resp)
{
    *f = (struct app_async_frame){.loop = loop, .app = app, .req = req, .resp = resp};
    gen_init(g, app_handle_async, f);
}

// [app_async]
enum gen_status app_handle_async(struct gen *g, struct value sent, struct value *out)
{
    struct app_async_frame *f = g->frame;
    GEN_BEGIN;
    f->route = (int)app_route_of(f->req->target);
    if ((f->route == ROUTE_SLEEP || f->route == ROUTE_WORK) && f->app->d_ms < 0)
        GEN_RETURN(value_int(-EINVAL)); // as sleep_ms refuses it, blocking
    if (f->route == ROUTE_SLEEP) {
        AWAIT_SLEEP_TRY(f->app->d_ms * 1000000, f->error);
        if (f->error != 0)
            GEN_RETURN(value_int(-f->error));
    } else if (f->route == ROUTE_WORK) {
        /* BEGIN SOLUTION */
        for (int i = 0; i < APP_WORK_SLEEPS; i++) {
            struct app_sleep_frame sleep = {.delay_ns = f->app->d_ms * 1000000};
            f->sleeps[i] = coro_task_create(f->loop, app_sleep, &sleep, sizeof sleep);
            if (f->sleeps[i] == NULL) {
                app_work_cleanup(f);
                GEN_RETURN(value_int(-ENOMEM));
            }
        }
        struct future *children[APP_WORK_SLEEPS];
        for (int i = 0; i < APP_WORK_SLEEPS; i++)
            children[i] = coro_task_future(f->sleeps[i]);
        f->gather = gather_create(f->loop, children, APP_WORK_SLEEPS);
        if (f->gather == NULL) {
            app_work_cleanup(f);
            GEN_RETURN(value_int(-ENOMEM));
        }
        AWAIT_TRY(&f->gather->future, f->result, f->error);
        app_work_cleanup(f);
        if (f->error != 0)
            GEN_RETURN(value_int(-f->error));
        /* BEGIN STUB
        // TODO(lab 06): run the ten sleeps of d as tasks and await their gather, so
        // they overlap; free them however it ended (app_work_cleanup).
        // Chapter 6, "The same app, twice"; hints: #hints-app-work.
        (void)app_sleep, (void)app_work_cleanup;
        for (f->i = 0; f->i < APP_WORK_SLEEPS; f->i++) // one after another, for now
            AWAIT_SLEEP(f->app->d_ms * 1000000);
        END STUB */
    }
    app_answer(f->resp, (enum app_route)f->route);
    GEN_RETURN(value_int(0));
    GEN_END;
}
// [/app_async]
