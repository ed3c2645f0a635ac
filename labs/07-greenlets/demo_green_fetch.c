// demo_green_fetch N [DELAY_MS]: N greenlets each call lab 05's *blocking* client on
// /delay/DELAY_MS of a local test server; with the patched connect/send/recv they wait on
// the hub together, and the whole run takes about one delay, not N.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "delay_server.h"
#include "http_blocking.h"
#include "hub.h"

static char url[128];

// [fetch_one]
// A greenlet's whole job: one blocking fetch, written as if nothing else ran.
static int fetch_one(void *arg, void **result)
{
    struct http_reply *reply = arg;
    int status = http_blocking_get(url, 10 * 1000000000LL, reply);
    *result = (void *)(intptr_t)status;
    return status < 0 ? status : 0;
}
// [/fetch_one]

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100, delay_ms = argc > 2 ? atoi(argv[2]) : 200;
    if (n < 1 || n > 10000 || delay_ms < 0) {
        fprintf(stderr, "usage: demo_green_fetch [N (1..10000)] [DELAY_MS]\n");
        return 2;
    }
    struct delay_server server = {0};
    if (delay_server_start(&server) != 0) {
        fprintf(stderr, "demo_green_fetch: could not start the delay server\n");
        return 1;
    }
    snprintf(url, sizeof url, "http://127.0.0.1:%d/delay/%d", server.port, delay_ms);
    struct hub hub;
    struct http_reply *replies = calloc((size_t)n, sizeof *replies);
    struct green_task **tasks = calloc((size_t)n, sizeof *tasks);
    if (replies == NULL || tasks == NULL || hub_init(&hub) != 0)
        return 1;
    // [spawn]
    double t0 = now_s();
    for (int i = 0; i < n; i++)
        if ((tasks[i] = green_spawn(fetch_one, &replies[i])) == NULL)
            return 1;
    int rc = green_joinall(tasks, (size_t)n, NULL);
    double took = now_s() - t0;
    // [/spawn]
    int ok = 0;
    for (int i = 0; i < n; i++) {
        ok += replies[i].status == 200;
        http_reply_clear(&replies[i]);
        green_task_free(tasks[i]);
    }
    printf("%d blocking fetches of %d ms in greenlets: %d answered 200, %.0f ms in all%s\n", n,
           delay_ms, ok, took * 1000, rc == 0 ? "" : " (some failed)");
    hub_close(&hub);
    free(tasks), free(replies);
    delay_server_stop(&server);
    return ok == n ? 0 : 1;
}
