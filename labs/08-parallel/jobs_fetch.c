// jobs_fetch: job_fetch (see jobs.h), lab 05's two clients as a job. Given code.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "coro_task.h"
#include "http_blocking.h"
#include "http_fetch.h"
#include "http_session.h"
#include "jobs.h"

static void delay_url(char *url, size_t size, const struct fetch_target *target,
                      int64_t ms)
{
    snprintf(url, size, "http://127.0.0.1:%d/delay/%lld", target->port, (long long)ms);
}

// [fetch_run]
static int64_t fetch_run(const struct chunk *c, const void *arg)
{
    int64_t total = 0;
    for (size_t k = 0; k < c->count; k++) {
        char url[64];
        struct http_reply reply = {0};
        delay_url(url, sizeof url, arg, chunk_item(c, k));
        int status = http_blocking_get(url, -1, &reply); // blocks this thread
        http_reply_clear(&reply);
        if (status != 200)
            return status < 0 ? status : -EPROTO;
        total += chunk_item(c, k);
    }
    return total;
}
// [/fetch_run]

// What the coroutine keeps besides its job_frame: a session on the job's loop, and the
// fetch it awaits.
struct fetch_state {
    struct http_session session;
    struct http_reply reply;
    struct coro_task *fetch;
    struct value status;
    int error, ended; // the fetch's error (or ECANCELED for this task); how it ended
    char url[64];
};

// [fetch_coro]
static enum gen_status fetch_coro(struct gen *g, struct value sent, struct value *out)
{
    struct job_frame *f = g->frame;
    struct fetch_state *s = f->state;
    GEN_BEGIN;
    f->state = s = calloc(1, sizeof *s);
    if (s == NULL)
        GEN_RAISE(value_int(ENOMEM));
    if (http_session_init(&s->session, f->loop, 1, -1) < 0) {
        free(s);
        GEN_RAISE(value_int(EINVAL)); // the loop runs on no reactor
    }
    for (f->k = 0; f->k < f->chunk.count && s->error == 0; f->k++) {
        delay_url(s->url, sizeof s->url, f->arg, chunk_item(&f->chunk, f->k));
        s->fetch = http_fetch_task(&s->session, s->url, &s->reply);
        if (s->fetch == NULL) {
            s->error = ENOMEM;
            break;
        }
        AWAIT_TRY(coro_task_future(s->fetch), s->status, s->error); // others run
        if (!future_done(coro_task_future(s->fetch))) { // this task was cancelled:
            coro_task_cancel(s->fetch); // end the fetch too, and wait until it has
            AWAIT_TRY(coro_task_future(s->fetch), s->status, s->ended);
        }
        coro_task_free(s->fetch);
        if (s->error == 0 && s->status.as.i != 200)
            s->error = EPROTO;
        http_reply_clear(&s->reply);
        f->total += chunk_item(&f->chunk, f->k);
    }
    http_session_close(&s->session);
    if (s->error != 0) {
        int error = s->error;
        free(s);
        GEN_RAISE(value_int(error));
    }
    free(s);
    GEN_RETURN(value_int(f->total));
    GEN_END;
}
// [/fetch_coro]

const struct job job_fetch = {
    .name = "fetch", .run = fetch_run, .coroutine = fetch_coro};
