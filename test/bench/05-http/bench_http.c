// bench_http: lab 05's client against the local test server. Prints (medians of several runs):
//
//   http_1000_total_ms       1000 concurrent GETs of /delay/200 over one session, gathered
//   http_1000_client_cpu_ms  this process's CPU time for that run (the server is a child process)
//   http_10000_total_ms      the same with 10 000 (RLIMIT_NOFILE is raised to its hard limit)
//
// Built by tools/bench/bench.sh with -O2 against solutions/05-http and its dependencies, and the test
// server's sources (test/bench/05-http/sources).
//
// The server spins for up to SPIN_US before it sleeps (http_test_server_start_spinning says
// why): over loopback the kernel bills each connect and send to the client, waking the server
// included, and on this 2-CPU virtual machine each wakeup of a sleeping server cost the client
// about 7 us. That is the VM's price, not the client's: with a sleeping server the same client
// measured 1000 in 244-252 ms (47-52 ms of CPU) and 10 000 in 594-652 ms, against 234-238 ms
// (42-45 ms) and 544-588 ms with the spin. bench_http.py uses the same server.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "clock.h"
#include "async_wait.h"
#include "bench_measure.h"
#include "http_fetch.h"
#include "http_session.h"
#include "http_test_server.h"
#include "reactor.h"

#define DELAY_MS 200
#define SPIN_US 100

// One run: n concurrent fetches of url on a fresh loop and session. Returns 0 and the wall and
// CPU time, or -1 when a fetch failed (said on stderr).
static int run(const char *url, int n, int64_t *wall_ns, int64_t *cpu)
{
    struct reactor reactor;
    struct loop loop;
    struct http_session session;
    if (reactor_init(&reactor) != 0)
        return -1;
    loop_init(&loop, &reactor.backend);
    http_session_init(&session, &loop, 0, 30 * NS_PER_S);
    struct http_reply *replies = calloc((size_t)n, sizeof *replies);
    struct coro_task **tasks = calloc((size_t)n, sizeof *tasks);
    struct future **futures = calloc((size_t)n, sizeof *futures);
    if (!replies || !tasks || !futures)
        return -1;
    int64_t cpu_before = bench_cpu_ns(), start = clock_now_ns();
    for (int i = 0; i < n; i++) {
        tasks[i] = http_fetch_task(&session, url, &replies[i]);
        if (tasks[i] == NULL)
            return -1;
        futures[i] = coro_task_future(tasks[i]);
    }
    struct async_wait *w = async_wait_create(&loop, futures, (size_t)n, WAIT_ALL_COMPLETED, -1);
    int rc = w ? loop_run_until_complete(&loop, &w->future) : -1;
    *wall_ns = clock_now_ns() - start;
    *cpu = bench_cpu_ns() - cpu_before;
    while (rc == 0 && future_callbacks_pending(&w->future))
        loop_run_once(&loop);
    int failed = rc != 0;
    for (int i = 0; i < n; i++) {
        while (future_callbacks_pending(futures[i]))
            loop_run_once(&loop);
        if (replies[i].error != 0 && failed++ == 0)
            fprintf(stderr, "bench_http: %s\n", replies[i].message);
        coro_task_free(tasks[i]);
        http_reply_clear(&replies[i]);
    }
    if (w)
        async_wait_free(w);
    free(replies);
    free(tasks);
    free(futures);
    http_session_close(&session);
    loop_close(&loop);
    reactor_close(&reactor);
    return failed ? -1 : 0;
}

// The medians of `runs` runs of n fetches of /delay/DELAY_MS, each against a server of its own:
// the client closes its pooled connections last, so each run leaves n sockets in TIME_WAIT, and
// a connect to the same server port must then step around them (the kernel checks every
// candidate port against them), which doubled the CPU time of the next 10 000 connects here.
// Returns 0, or -1 when a run failed.
static int median_of(int n, int runs, double *wall_ms, double *cpu_ms)
{
    double walls_ms[9], cpus_ms[9];
    for (int r = 0; r < runs; r++) {
        struct http_test_server *server = http_test_server_start_spinning(SPIN_US);
        if (server == NULL) {
            fprintf(stderr, "bench_http: cannot start the test server: %s\n", strerror(errno));
            return -1;
        }
        char url[96];
        snprintf(url, sizeof url, "http://127.0.0.1:%d/delay/%d", http_test_server_port(server), DELAY_MS);
        int64_t wall_ns, cpu_ns;
        int rc = run(url, n, &wall_ns, &cpu_ns);
        http_test_server_stop(server);
        if (rc != 0)
            return -1;
        walls_ms[r] = (double)wall_ns / NS_PER_MS;
        cpus_ms[r] = (double)cpu_ns / NS_PER_MS;
    }
    *wall_ms = bench_median(walls_ms, runs);
    *cpu_ms = bench_median(cpus_ms, runs);
    return 0;
}

int main(void)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    double wall_ms, cpu_ms;
    int status = 0;
    if (median_of(1000, 7, &wall_ms, &cpu_ms) == 0) {
        printf("http_1000_total_ms %.1f\n", wall_ms);
        printf("http_1000_client_cpu_ms %.1f\n", cpu_ms);
    } else {
        status = 1;
    }
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < 10000 + 64) {
        fprintf(stderr, "bench_http: RLIMIT_NOFILE is %ld: too low for 10 000 connections (ulimit -Hn)\n",
                (long)lim.rlim_cur);
        status = 1;
    } else if (median_of(10000, 3, &wall_ms, &cpu_ms) == 0) {
        printf("http_10000_total_ms %.1f\n", wall_ms);
        fprintf(stderr, "bench_http: 10 000 fetches used %.1f ms of CPU\n", cpu_ms);
    } else {
        status = 1;
    }
    return status;
}
