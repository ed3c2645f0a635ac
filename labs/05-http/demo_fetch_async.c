// demo_fetch_async: the C twin of fetch_async.py - N GETs at once over one session,
// gathered. Usage: demo_fetch_async [--url URL] [--limit L] [N [D_MS]] Without --url
// it starts a small local server (delay_server.h) and fetches /delay/D_MS from it.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "coro_task.h"
#include "delay_server.h"
#include "gather.h"
#include "http_fetch.h"
#include "http_session.h"
#include "reactor.h"

// [main_coro]
// async def main(session, url, n):
//     return await asyncio.gather(*(fetch(session, url) for _ in range(n)))
struct main_frame {
    struct http_session *session;
    const char *url;
    long n;
    struct http_reply *replies;  // n of them, the caller's
    struct coro_task **fetches;  // n of them, freed by the caller
    struct gather *gather;
    struct value ignored;
};

static enum gen_status main_coro(struct gen *g, struct value sent, struct value *out)
{
    struct main_frame *f = g->frame;
    GEN_BEGIN;
    {
        struct future **children = calloc((size_t)f->n, sizeof *children);
        if (children == NULL)
            GEN_RAISE(value_int(ENOMEM));
        for (long i = 0; i < f->n; i++) {
            f->fetches[i] = http_fetch_task(f->session, f->url, &f->replies[i]);
            if (f->fetches[i] == NULL) {
                free(children);
                GEN_RAISE(value_int(ENOMEM)); // (a real program would cancel
                                              // the ones started)
            }
            children[i] = coro_task_future(f->fetches[i]);
        }
        f->gather = gather_create(f->session->loop, children, (size_t)f->n);
        free(children); // gather_create copied the pointers
        if (f->gather == NULL)
            GEN_RAISE(value_int(ENOMEM));
    }
    AWAIT(&f->gather->future, f->ignored); // the first failed fetch raises here
    GEN_RETURN(value_none());
    GEN_END;
}
// [/main_coro]

int main(int argc, char **argv)
{
    const char *url_arg = NULL;
    long limit = 0;
    for (;;) {
        if (argc > 2 && strcmp(argv[1], "--url") == 0)
            url_arg = argv[2];
        else if (argc > 2 && strcmp(argv[1], "--limit") == 0)
            limit = atol(argv[2]);
        else
            break;
        argc -= 2, argv += 2;
    }
    long n = argc > 1 ? atol(argv[1]) : 100;
    long d_ms = argc > 2 ? atol(argv[2]) : 200;
    if (n <= 0 || n > 100000 || d_ms < 0 || d_ms > 60000 || limit < 0) {
        fprintf(stderr, "usage: demo_fetch_async [--url URL] [--limit L] [N (1..10^5) "
                        "[D_MS (0..60000)]]\n");
        return 2;
    }
    struct delay_server server = {0};
    char url[128];
    if (url_arg == NULL) {
        int rc = delay_server_start(&server);
        if (rc < 0) {
            fprintf(stderr, "demo_fetch_async: cannot start a local server: %s\n",
                    strerror(-rc));
            return 1;
        }
        snprintf(url, sizeof url, "http://127.0.0.1:%d/delay/%ld", server.port, d_ms);
        url_arg = url;
    }

    // [run]
    struct reactor reactor;
    struct loop loop;
    struct http_session session;
    int rc = reactor_init(&reactor);
    if (rc < 0) {
        fprintf(stderr, "demo_fetch_async: epoll: %s\n", strerror(-rc));
        delay_server_stop(&server);
        return 1;
    }
    loop_init(&loop, &reactor.backend);
    http_session_init(&session, &loop, (size_t)limit, 10 * NS_PER_S);
    struct http_reply *replies = calloc((size_t)n, sizeof *replies);
    struct coro_task **fetches = calloc((size_t)n, sizeof *fetches);
    struct main_frame frame = {.session = &session,
                               .url = url_arg,
                               .n = n,
                               .replies = replies,
                               .fetches = fetches};
    int64_t start_ns = clock_now_ns();
    struct coro_task *main_task =
        replies && fetches ? coro_task_create(&loop, main_coro, &frame, sizeof frame)
                           : NULL;
    // A returned error is negative; the task's future stores its error positive.
    rc = main_task ? loop_run_until_complete(&loop, coro_task_future(main_task)) : -ENOMEM;
    int error = rc < 0 ? -rc : future_error(coro_task_future(main_task));
    // A failed gather leaves the other fetches running: let them finish
    // before cleaning up.
    for (long i = 0; i < n && fetches && fetches[i]; i++)
        if (!future_done(coro_task_future(fetches[i])))
            loop_run_until_complete(&loop, coro_task_future(fetches[i]));
    double took_s = (double)(clock_now_ns() - start_ns) / NS_PER_S;
    for (long i = 0; i < n && i < 3 && error == 0; i++)
        printf("fetch %ld: %d %s", i, replies[i].status,
               replies[i].body ? replies[i].body : "\n");
    if (error != 0)
        fprintf(stderr, "demo_fetch_async: %s\n",
                replies && replies[0].error ? replies[0].message : strerror(error));
    printf("Fetched %s %ld times at once in %.3f s (%llu connections made)\n", url_arg,
           n, took_s, (unsigned long long)session.connects);
    // [/run]

    struct main_frame *mf = main_task ? coro_task_frame(main_task) : NULL;
    if (mf && mf->gather) {
        while (future_callbacks_pending(&mf->gather->future))
            loop_run_once(&loop);
        gather_free(mf->gather);
    }
    for (long i = 0; i < n && fetches && fetches[i]; i++) {
        while (future_callbacks_pending(coro_task_future(fetches[i])))
            loop_run_once(&loop);
        coro_task_free(fetches[i]);
        http_reply_clear(&replies[i]);
    }
    if (main_task) {
        while (future_callbacks_pending(coro_task_future(main_task)))
            loop_run_once(&loop);
        coro_task_free(main_task);
    }
    free(replies);
    free(fetches);
    http_session_close(&session);
    loop_close(&loop);
    reactor_close(&reactor);
    delay_server_stop(&server);
    return error ? 1 : 0;
}
