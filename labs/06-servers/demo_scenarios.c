// demo_scenarios: the tutorial's table, measured here. Each server (blocking, threaded,
// event loop) serves each route (/sleep: one wait of d; /work: ten) to each client
// (lab 05's blocking client, one request after another; lab 05's session, N at once),
// and the table says how long each took and how many requests were answered.
// Usage: demo_scenarios [--data] [D_MS [N]]   (defaults: d = 100 ms, N = 100)
//
// Where a cell would take more than 10 d (the blocking server under N concurrent /work
// requests takes N times 10 d), it runs fewer requests and the table says so, with the
// time the full N would take at that rate. --data prints one line per cell instead, for
// the book's figure: "server route client asked ran answered ms full_ms" (full_ms: the
// time all it asked would take at that rate; server: blocking, threaded or event_loop;
// client: sequential or concurrent).
#include <stdbool.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "http_blocking.h"
#include "http_fetch.h"
#include "reactor.h"
#include "server.h"

struct running_server {
    enum { BLOCKING, THREADED, EVENT_LOOP } kind;
    struct server_config cfg;
    int listen_fd, stop[2];
    pthread_t thread;
};

static void *server_main(void *arg)
{
    struct running_server *s = arg;
    int (*run)(int, int, const struct server_config *, struct server_stats *) =
        s->kind == BLOCKING ? server_blocking_run
        : s->kind == THREADED ? server_threaded_run : server_loop_run;
    run(s->listen_fd, s->stop[0], &s->cfg, NULL);
    return NULL;
}

// [sequential]
// requests.get in a loop: n requests, one after another. Returns how many got 200.
static int client_sequential(const char *url, int n)
{
    int ok = 0;
    for (int i = 0; i < n; i++) {
        struct http_reply reply;
        if (http_blocking_get(url, 60 * NS_PER_S, &reply) == 200)
            ok++;
        free(reply.body);
    }
    return ok;
}
// [/sequential]

// [concurrent]
// aiohttp with TCPConnector(limit=n) and gather: n requests at once. Returns how many
// got 200.
static int client_concurrent(const char *url, int n)
{
    struct reactor reactor;
    struct loop loop;
    if (reactor_init(&reactor) < 0)
        return 0;
    loop_init(&loop, &reactor.backend);
    struct http_session session;
    http_session_init(&session, &loop, (size_t)n, 60 * NS_PER_S);
    struct http_reply *replies = calloc((size_t)n, sizeof *replies);
    struct coro_task **tasks = calloc((size_t)n, sizeof *tasks);
    int ok = 0;
    for (int i = 0; replies && tasks && i < n; i++)
        tasks[i] = http_fetch_task(&session, url, &replies[i]);
    for (int i = 0; replies && tasks && i < n; i++) {
        if (tasks[i] == NULL)
            continue;
        loop_run_until_complete(&loop, coro_task_future(tasks[i]));
        while (future_callbacks_pending(coro_task_future(tasks[i])))
            loop_run_once(&loop);
        ok += replies[i].status == 200;
        free(replies[i].body);
        coro_task_free(tasks[i]);
    }
    http_session_close(&session);
    loop_close(&loop);
    reactor_close(&reactor);
    free(replies);
    free(tasks);
    return ok;
}
// [/concurrent]

int main(int argc, char **argv)
{
    bool data = argc > 1 && strcmp(argv[1], "--data") == 0;
    argv += data;
    argc -= data;
    int64_t d_ms = argc > 1 ? atoi(argv[1]) : 100;
    int n = argc > 2 ? atoi(argv[2]) : 100;
    if (d_ms < 1 || d_ms > 1000 || n < 1 || n > 1000) {
        fprintf(stderr, "usage: demo_scenarios [--data] [D_MS (1..1000) [N (1..1000)]]\n");
        return 2;
    }
    // The longest a cell may take before it serves fewer requests than asked.
    const double budget_ms = 10 * (double)d_ms;
    static const char *const server_names[] = {"blocking", "threaded", "event loop"};
    static const char *const server_keys[] = {"blocking", "threaded", "event_loop"};
    static const char *const routes[] = {"/sleep", "/work"};
    if (!data) {
        printf("d = %lld ms; each cell: requests answered 200 / asked, and the time they "
               "took\n\n", (long long)d_ms);
        printf("%-11s %-7s %-28s %-30s\n", "server", "route", "sequential client",
               "concurrent client");
    }
    for (int k = 0; k < 3; k++) {
        struct running_server s = {.kind = k, .cfg = {.app = {.d_ms = d_ms}, .max_threads = 1000,
                                                      .header_ms = 100 * d_ms,
                                                      .idle_ms = 100 * d_ms,
                                                      .shutdown_ms = 100 * d_ms}};
        uint16_t port;
        s.listen_fd = server_listen(0, 1024, &port);
        if (s.listen_fd < 0 || pipe(s.stop) != 0 ||
            pthread_create(&s.thread, NULL, server_main, &s) != 0) {
            fprintf(stderr, "could not start the %s server\n", server_names[k]);
            return 1;
        }
        for (int r = 0; r < 2; r++) {
            char url[64];
            snprintf(url, sizeof url, "http://127.0.0.1:%u%s", port, routes[r]);
            // One request's time when nothing overlaps, to size the cells that would not.
            double one_ms = (double)d_ms * (r == 0 || k == EVENT_LOOP ? 1 : 10);
            char cells[2][64];
            for (int c = 0; c < 2; c++) {
                bool serial = c == 0 || k == BLOCKING;
                int asked = c == 0 ? 5 : n;
                int runs = asked;
                if (serial && one_ms * asked > budget_ms)
                    runs = (int)(budget_ms / one_ms) > 1 ? (int)(budget_ms / one_ms) : 1;
                int64_t start = clock_now_ns();
                int ok = c == 0 ? client_sequential(url, runs) : client_concurrent(url, runs);
                double took_ms = (double)(clock_now_ns() - start) / 1e6;
                if (data)
                    printf("%s %s %s %d %d %d %.1f %.1f\n", server_keys[k], routes[r],
                           c == 0 ? "sequential" : "concurrent", asked, runs, ok, took_ms,
                           took_ms / runs * asked);
                if (runs == asked)
                    snprintf(cells[c], sizeof cells[c], "%d/%d in %.0f ms", ok, asked, took_ms);
                else
                    snprintf(cells[c], sizeof cells[c], "%d/%d in %.0f ms (%d: ~%.0f s)", ok,
                             runs, took_ms, asked, took_ms / runs * asked / 1000);
            }
            if (!data)
                printf("%-11s %-7s %-28s %-30s\n", server_names[k], routes[r], cells[0],
                       cells[1]);
        }
        if (write(s.stop[1], "!", 1) != 1)
            return 1;
        pthread_join(s.thread, NULL);
        close(s.stop[0]);
        close(s.stop[1]);
        close(s.listen_fd);
    }
    return 0;
}
