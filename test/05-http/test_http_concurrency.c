// http_concurrency: N fetches of a slow URL, one after another and all at once.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fetchtest.h"
#include "gather.h"
#include "http_blocking.h"
#include "labtest.h"

LAB_SUITE(http_concurrency, 30);

// The body /delay/<ms> answers with.
static const char *delay_body(char *buf, size_t size, int64_t ms)
{
    snprintf(buf, size, "{\"delay_ms\":%lld}\n", (long long)ms);
    return buf;
}

Test(http_concurrency, ten_blocking_fetches_of_d_take_at_least_ten_d)
{
    const int64_t d = scaled_ms(60);
    struct http_test_server *server = http_test_server_start();
    cr_assert(server != NULL, "could not start the test server: %s", strerror(errno));
    char url[96], body[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/delay/%lld", http_test_server_port(server), (long long)d);
    int64_t start = test_now_ns();
    for (int i = 0; i < 10; i++) {
        struct http_reply reply;
        int status = http_blocking_get(url, -1, &reply);
        cr_assert(status == 200, "http_blocking_get(%s) returned %d: %s (look at blocking_receive)", url, status,
                  reply.message);
        expect_all_ok(&reply, 1, delay_body(body, sizeof body, d), "http_blocking_get");
        http_reply_clear(&reply);
    }
    int64_t took = test_now_ns() - start;
    http_test_server_stop(server);
    cr_assert(took >= 10 * d * NS_PER_MS, "10 blocking fetches of /delay/%lld took %.1f ms, less than 10 x %lld ms: "
              "one was answered before the server's delay?", (long long)d, ns_as_ms(took), (long long)d);
}

Test(http_concurrency, ten_concurrent_fetches_of_d_finish_in_d_to_one_and_a_half_d)
{
    const int64_t d = scaled_ms(200);
    struct fetch_env env;
    fetch_env_start(&env, 0, -1);
    char path[32], body[64];
    snprintf(path, sizeof path, "/delay/%lld", (long long)d);
    struct http_reply replies[10];
    int64_t took = fetch_same(&env, path, 10, replies);
    expect_all_ok(replies, 10, delay_body(body, sizeof body, d), "10 concurrent fetches");
    clear_replies(replies, 10);
    fetch_env_stop(&env);
    cr_assert(took >= d * NS_PER_MS, "10 concurrent fetches of /delay/%lld finished after %.1f ms: before the "
              "server could have answered", (long long)d, ns_as_ms(took));
    cr_assert(took < (d + d / 2) * NS_PER_MS, "10 concurrent fetches of /delay/%lld took %.1f ms, not under %lld ms: "
              "they did not all wait at once (does a fetch block the loop? is every socket non-blocking?)",
              (long long)d, ns_as_ms(took), (long long)(d + d / 2));
}

Test(http_concurrency, results_come_back_in_argument_order)
{
    const int64_t unit = scaled_ms(20);
    enum { N = 8 };
    struct fetch_env env;
    fetch_env_start(&env, 0, -1);
    // The first URL is the slowest: they finish in the reverse of the order they were given.
    char urls[N][96];
    struct http_reply replies[N];
    struct coro_task *tasks[N];
    struct future *children[N];
    for (int i = 0; i < N; i++) {
        char path[32];
        snprintf(path, sizeof path, "/delay/%lld", (long long)((N - i) * unit));
        env_url(&env, urls[i], sizeof urls[i], path);
        tasks[i] = http_fetch_task(&env.session, urls[i], &replies[i]);
        cr_assert(tasks[i] != NULL, "http_fetch_task returned NULL (out of memory)");
        children[i] = coro_task_future(tasks[i]);
    }
    struct gather *g = gather_create(&env.loop, children, N);
    cr_assert(g != NULL, "gather_create returned NULL (out of memory)");
    int rc = loop_run_until_complete(&env.loop, &g->future);
    cr_assert(rc == 0, "loop_run_until_complete returned %d (%s); it should return 0", rc, error_name(rc));
    cr_assert(future_error(&g->future) == 0, "the gather failed: %s (fetch 0: %s)", strerror(future_error(&g->future)),
              replies[0].message);
    for (int i = 0; i < N; i++) {
        char body[64];
        cr_assert(gather_result(g, (size_t)i).as.i == 200, "gather result %d is %lld, not the status 200", i,
                  (long long)gather_result(g, (size_t)i).as.i);
        expect_all_ok(&replies[i], 1, delay_body(body, sizeof body, (N - i) * unit), "fetch in argument order");
    }
    while (future_callbacks_pending(&g->future))
        loop_run_once(&env.loop);
    gather_free(g);
    for (int i = 0; i < N; i++) {
        cr_assert(coro_task_free(tasks[i]) == 0, "could not free task %d", i);
        http_reply_clear(&replies[i]);
    }
    fetch_env_stop(&env);
}

// n concurrent fetches of /delay/d: under 2 d.
static void many_concurrent_fetches(int n, int64_t d)
{
    raise_fd_limit(n + 64);
    struct fetch_env env;
    fetch_env_start(&env, 0, -1);
    char path[32], body[64];
    snprintf(path, sizeof path, "/delay/%lld", (long long)d);
    struct http_reply *replies = calloc((size_t)n, sizeof *replies);
    cr_assert(replies != NULL, "out of memory");
    int64_t took = fetch_same(&env, path, n, replies);
    expect_all_ok(replies, n, delay_body(body, sizeof body, d), "many concurrent fetches");
    long max = http_test_server_max_concurrent(env.server);
    clear_replies(replies, n);
    free(replies);
    fetch_env_stop(&env);
    cr_assert(took >= d * NS_PER_MS, "%d fetches of /delay/%lld finished after %.1f ms: too early", n, (long long)d,
              ns_as_ms(took));
    // What is measured is the overshoot past the server's delay: with every fetch waiting at
    // once it is the cost of n connections and n replies, and runs in batches add a whole d
    // per batch. d is long enough that the cost, even on a loaded 2-core machine, stays well
    // under d (it reached 480 ms for 1000 fetches at load 3), while two batches reach 2 d.
    cr_assert(took < 2 * d * NS_PER_MS, "%d concurrent fetches of /delay/%lld took %.1f ms, %.1f ms past the "
              "server's delay, not under %lld ms (the server saw at most %ld connections at once): something "
              "runs them in batches, or each costs too much", n, (long long)d, ns_as_ms(took),
              ns_as_ms(took - d * NS_PER_MS), (long long)(2 * d), max);
}

Test(http_concurrency, a_hundred_concurrent_fetches_of_d_finish_in_under_two_d)
{
    many_concurrent_fetches(100, scaled_ms(200));
}

Test(http_concurrency, a_thousand_concurrent_fetches_of_d_finish_in_under_two_d)
{
    // Not 250 ms: 1000 connections and replies cost up to 480 ms past it at load 3 (issue 14).
    many_concurrent_fetches(1000, scaled_ms(750));
}

Test(http_concurrency, waiting_for_slow_responses_uses_almost_no_cpu)
{
    const int64_t d = scaled_ms(300);
    struct fetch_env env;
    fetch_env_start(&env, 0, -1);
    char path[32];
    snprintf(path, sizeof path, "/delay/%lld", (long long)d);
    struct http_reply replies[10];
    int64_t cpu_before = test_cpu_ns();
    int64_t took = fetch_same(&env, path, 10, replies);
    int64_t cpu = test_cpu_ns() - cpu_before;
    for (int i = 0; i < 10; i++)
        cr_assert(replies[i].status == 200, "fetch %d: status %d, %s", i, replies[i].status, replies[i].message);
    clear_replies(replies, 10);
    fetch_env_stop(&env);
    cr_assert(cpu * 10 < took, "10 fetches used %.1f ms of CPU in %.1f ms while the server took its time: the "
              "loop spins. The reactor's poll must block in epoll_wait until a socket or a timer is due "
              "(a timeout of 0 only when callbacks are ready), and a wait must ask for the event it needs: a recv for "
              "FD_READABLE only (a connected socket is always writable, so FD_WRITABLE ends every wait at once)",
              ns_as_ms(cpu), ns_as_ms(took));
}
