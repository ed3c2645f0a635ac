// The blocking server serves one connection at a time, so N clients on /sleep take at
// least N d; the threaded server serves them side by side, up to its cap.
#include <stdio.h>
#include <string.h>

#include "labtest.h"
#include "servertest.h"

LAB_SUITE(blocking_server, 30);
LAB_SUITE(threaded_server, 30);

static const char sleep_request[] = "GET /sleep HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

// Every client answered 200 "slept"; returns the time the last one was done.
static int64_t all_slept(const struct client_result *res, int n, const char *who)
{
    int64_t last = 0;
    for (int i = 0; i < n; i++) {
        cr_assert(res[i].status == 200 && strcmp(res[i].body, "slept\n") == 0,
                  "%s: client %d of %d on /sleep got status %d, error %s, body \"%s\"; "
                  "expected 200 \"slept\\n\"", who, i + 1, n, res[i].status,
                  error_name(res[i].error), res[i].body);
        if (res[i].done_ns > last)
            last = res[i].done_ns;
    }
    return last;
}

Test(blocking_server, five_clients_on_sleep_take_at_least_five_d_and_each_is_answered)
{
    static struct test_server s;
    int64_t d = scaled_ms(100);
    s.cfg = test_config(d);
    test_server_start(&s, SERVER_BLOCKING, 128);
    static struct client_result res[5];
    int64_t start = clients_run(&s, 5, sleep_request, 30 * d * 1000000, res);
    int64_t last = all_slept(res, 5, "the blocking server");
    cr_assert(last - start >= 5 * d * 1000000,
              "5 clients on /sleep (d = %lld ms) were all answered after %.1f ms: a server "
              "with one thread and blocking sleeps cannot take less than 5 d = %lld ms. Does "
              "it serve more than one connection at a time?",
              (long long)d, ns_as_ms(last - start), (long long)(5 * d));
    test_server_stop(&s, 20 * d * 1000000);
    cr_assert(s.stats.connections == 5 && s.stats.requests == 5,
              "the blocking server counted %ld connections and %ld requests, expected 5 and 5",
              s.stats.connections, s.stats.requests);
}

Test(threaded_server, fifty_clients_on_sleep_finish_in_under_three_d)
{
    static struct test_server s;
    int64_t d = scaled_ms(100);
    s.cfg = test_config(d);
    test_server_start(&s, SERVER_THREADED, 128);
    static struct client_result res[50];
    int64_t start = clients_run(&s, 50, sleep_request, 30 * d * 1000000, res);
    int64_t last = all_slept(res, 50, "the threaded server");
    for (int i = 0; i < 50; i++)
        cr_assert(res[i].done_ns - start >= d * 1000000, "client %d was answered after %.1f "
                  "ms, before the d = %lld ms of /sleep", i + 1,
                  ns_as_ms(res[i].done_ns - start), (long long)d);
    cr_assert(last - start < 3 * d * 1000000,
              "50 clients on /sleep (d = %lld ms) took %.0f ms on the threaded server with "
              "max_threads = %d; a thread per connection serves them side by side in about d "
              "(allowed: under 3 d)", (long long)d, ns_as_ms(last - start), s.cfg.max_threads);
    test_server_stop(&s, 20 * d * 1000000);
    cr_assert(s.stats.connections == 50 && s.stats.requests == 50,
              "the threaded server counted %ld connections and %ld requests, expected 50 and 50",
              s.stats.connections, s.stats.requests);
}

Test(threaded_server, the_thread_cap_holds_and_the_clients_beyond_it_wait_their_turn)
{
    static struct test_server s;
    int64_t d = scaled_ms(100);
    s.cfg = test_config(d);
    s.cfg.max_threads = 4;
    test_server_start(&s, SERVER_THREADED, 128);
    static struct client_result res[12];
    int64_t start = clients_run(&s, 12, sleep_request, 30 * d * 1000000, res);
    int64_t last = all_slept(res, 12, "the threaded server with max_threads = 4");
    test_server_stop(&s, 20 * d * 1000000);
    cr_assert(s.stats.peak_concurrent >= 1 && s.stats.peak_concurrent <= 4,
              "with max_threads = 4 the threaded server served %d connections at once "
              "(stats.peak_concurrent): the cap must hold", s.stats.peak_concurrent);
    cr_assert(last - start >= 3 * d * 1000000,
              "12 clients on /sleep (d = %lld ms) with at most 4 threads were all answered "
              "after %.1f ms: 3 rounds of 4 cannot take less than 3 d = %lld ms",
              (long long)d, ns_as_ms(last - start), (long long)(3 * d));
}
