// bench_green_http: lab 05's *blocking* client, unchanged, in 1000 greenlets (its connect, send
// and recv wrapped, green_patch.c), against lab 05's async client on the event loop, in the same
// run: the two alternate, each run against a test server of its own that answers
// /delay/DELAY_MS after spinning up to SPIN_US, as bench_http does (it says why), all of them
// started first. Prints medians:
//
//   green_http_1000_total_ms         1000 blocking fetches in greenlets on the hub
//   green_http_1000_async_total_ms   1000 fetches with lab 05's session, gathered (http_1000_total_ms's twin)
//   green_http_1000_over_async       the first over the second: what stackful costs next to the network
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "async_wait.h"
#include "bench_measure.h"
#include "clock.h"
#include "http_blocking.h"
#include "http_fetch.h"
#include "http_session.h"
#include "http_test_server.h"
#include "hub.h"
#include "reactor.h"

enum { N = 1000, DELAY_MS = 200, SPIN_US = 100, RUNS = 7 };

struct job {
    const char *url;
    struct http_reply reply;
};

static int fetch_one(void *arg, void **result)
{
    struct job *j = arg;
    int rc = http_blocking_get(j->url, 30 * NS_PER_S, &j->reply);
    *result = NULL;
    return rc < 0 ? rc : 0;
}

// N blocking fetches of url in N greenlets: 0 and the wall time, or -1.
static int run_green(const char *url, int64_t *wall_ns)
{
    static struct job jobs[N];
    static struct green_task *tasks[N];
    struct hub hub;
    if (hub_init(&hub) != 0)
        return -1;
    int64_t start = clock_now_ns();
    for (int i = 0; i < N; i++) {
        jobs[i] = (struct job){.url = url};
        if ((tasks[i] = green_spawn(fetch_one, &jobs[i])) == NULL)
            return -1;
    }
    int rc = green_joinall(tasks, N, NULL);
    *wall_ns = clock_now_ns() - start;
    int failed = rc != 0;
    for (int i = 0; i < N; i++) {
        if (jobs[i].reply.status != 200 && failed++ == 0)
            fprintf(stderr, "bench_green_http: %s\n", jobs[i].reply.message);
        http_reply_clear(&jobs[i].reply);
        green_task_free(tasks[i]);
    }
    hub_close(&hub);
    return failed ? -1 : 0;
}

// N fetches of url on lab 05's session, as bench_http's run(): 0 and the wall time, or -1.
static int run_async(const char *url, int64_t *wall_ns)
{
    static struct http_reply replies[N];
    static struct coro_task *tasks[N];
    static struct future *futures[N];
    struct reactor reactor;
    struct loop loop;
    struct http_session session;
    if (reactor_init(&reactor) != 0)
        return -1;
    loop_init(&loop, &reactor.backend);
    http_session_init(&session, &loop, 0, 30 * NS_PER_S);
    int64_t start = clock_now_ns();
    for (int i = 0; i < N; i++) {
        replies[i] = (struct http_reply){0};
        if ((tasks[i] = http_fetch_task(&session, url, &replies[i])) == NULL)
            return -1;
        futures[i] = coro_task_future(tasks[i]);
    }
    struct async_wait *w = async_wait_create(&loop, futures, N, WAIT_ALL_COMPLETED, -1);
    int rc = w ? loop_run_until_complete(&loop, &w->future) : -1;
    *wall_ns = clock_now_ns() - start;
    while (rc == 0 && future_callbacks_pending(&w->future))
        loop_run_once(&loop);
    int failed = rc != 0;
    for (int i = 0; i < N; i++) {
        while (future_callbacks_pending(futures[i]))
            loop_run_once(&loop);
        if (replies[i].error != 0 && failed++ == 0)
            fprintf(stderr, "bench_green_http: %s\n", replies[i].message);
        coro_task_free(tasks[i]);
        http_reply_clear(&replies[i]);
    }
    if (w)
        async_wait_free(w);
    http_session_close(&session);
    loop_close(&loop);
    reactor_close(&reactor);
    return failed ? -1 : 0;
}

// One run of `run` against server: its wall time in ms, or -1.
static double one_run(int (*run)(const char *, int64_t *), struct http_test_server *server)
{
    char url[96];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/delay/%d", http_test_server_port(server), DELAY_MS);
    int64_t wall_ns = 0;
    int rc = run(url, &wall_ns);
    http_test_server_stop(server);
    return rc == 0 ? (double)wall_ns / NS_PER_MS : -1;
}

int main(void)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    // Every server is started (forked) before the first fetch: a fork marks every page of
    // this process copy-on-write, and each first write to one afterwards faults and flushes
    // the TLB of both CPUs. Started between runs, the servers would bill the reuse of warm
    // memory - malloc's, the greenlets' cached stacks - to the run after.
    struct http_test_server *servers[2 * RUNS];
    for (int i = 0; i < 2 * RUNS; i++) {
        if ((servers[i] = http_test_server_start_spinning(SPIN_US)) == NULL) {
            fprintf(stderr, "bench_green_http: cannot start the test server: %s\n", strerror(errno));
            return 1;
        }
    }
    double green[RUNS], async[RUNS];
    for (int r = 0; r < RUNS; r++) {
        green[r] = one_run(run_green, servers[2 * r]);
        async[r] = one_run(run_async, servers[2 * r + 1]);
        if (green[r] < 0 || async[r] < 0)
            return 1;
    }
    double g = bench_median(green, RUNS), a = bench_median(async, RUNS);
    fprintf(stderr, "bench_green_http: %d runs of %d fetches of /delay/%d each way\n", RUNS, N, DELAY_MS);
    printf("green_http_1000_total_ms %.1f\n", g);
    printf("green_http_1000_async_total_ms %.1f\n", a);
    printf("green_http_1000_over_async %.3f\n", g / a);
    return 0;
}
