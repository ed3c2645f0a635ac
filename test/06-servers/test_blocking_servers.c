// The blocking server serves one connection at a time, so N clients on /sleep take at
// least N d; the threaded server serves them side by side, up to its cap.
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

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

// Linux drops a SYN that finds the accept queue full, and the client tries again 1 s
// later (then 3 s, 7 s...): with a backlog of 1, most of a burst waits for those
// retries or gives up. What must never happen is a client left hanging by the server,
// or a server that stops serving.
Test(blocking_server, a_tiny_backlog_under_a_burst_ends_every_client_and_keeps_serving)
{
    static struct test_server s;
    int64_t d = scaled_ms(20);
    s.cfg = test_config(d);
    test_server_start(&s, SERVER_BLOCKING, 1);
    test_server_check_running(&s);
    enum { N = 30 };
    static struct client_result res[N];
    // Past the first SYN retry (1 s), before the second (3 s): a client still waiting
    // then is counted as timed out, not waited for.
    int64_t timeout_ns = scaled_ms(2500) * 1000000;
    int64_t start = clients_run(&s, N, "GET /sleep HTTP/1.1\r\nHost: t\r\n\r\n", timeout_ns, res);
    int answered = 0;
    for (int i = 0; i < N; i++) {
        const struct client_result *r = &res[i];
        bool ok = r->status == 200 && strcmp(r->body, "slept\n") == 0 && r->error == 0;
        bool failed = r->status == 0 && (r->error == ECONNREFUSED || r->error == ECONNRESET ||
                                         r->error == ETIMEDOUT || r->error == EPIPE);
        cr_assert(ok || failed, "client %d of %d on /sleep (backlog 1) ended with status %d, "
                  "error %s, after %.0f ms:\n%s\nexpected a whole 200 \"slept\\n\" answer, or "
                  "no answer at all and an error (refused, reset, timed out)", i + 1, N,
                  r->status, error_name(r->error), ns_as_ms(r->done_ns - start), r->raw);
        answered += ok;
    }
    cr_assert(res[0].status == 200 && answered >= 2,
              "with a backlog of 1, %d of %d clients were answered (the first: status %d, "
              "error %s); the first ones, at least, find room in the accept queue and must "
              "be answered", answered, N, res[0].status, error_name(res[0].error));
    // The burst's leftovers go on for seconds: a client that gave up closed its socket,
    // but the kernel still retransmits its unacknowledged request, and a retransmission
    // can land in the queue (through a SYN cookie) in waves. A newcomer whose SYN finds
    // the queue full is dropped too and retries after 1 s, then 3 s: it gets 3.5 s.
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 10 * d * 1000000};
    nanosleep(&ts, NULL);
    static struct client_result after[1];
    int64_t t0 = clients_run(&s, 1, "GET / HTTP/1.1\r\nHost: t\r\n\r\n",
                             scaled_ms(3500) * 1000000, after);
    cr_assert(after[0].status == 200, "after the burst, a new client got status %d, error %s "
              "after %.0f ms: the blocking server must keep serving", after[0].status,
              error_name(after[0].error), ns_as_ms(after[0].done_ns - t0));
    test_server_stop(&s, 50 * d * 1000000);
}

// A stop that comes while every thread is busy stops the accepting at once: the
// connections still in the accept queue then are not served, not even once a thread
// becomes free.
Test(threaded_server, a_stop_while_every_thread_is_busy_lets_no_waiting_client_in)
{
    static struct test_server s;
    int64_t d = scaled_ms(300);
    s.cfg = test_config(d);
    s.cfg.max_threads = 1;
    test_server_start(&s, SERVER_THREADED, 128);
    test_server_check_running(&s);
    int busy = client_connect(s.port);
    cr_assert(busy >= 0);
    static const char req[] = "GET /sleep HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    cr_assert(send(busy, req, sizeof req - 1, MSG_NOSIGNAL) == (ssize_t)(sizeof req - 1));
    struct timespec tenth = {.tv_sec = 0, .tv_nsec = d * 1000000 / 10};
    nanosleep(&tenth, NULL); // the only thread now runs /sleep
    int waiting = client_connect(s.port);
    cr_assert(waiting >= 0);
    cr_assert(send(waiting, req, sizeof req - 1, MSG_NOSIGNAL) == (ssize_t)(sizeof req - 1));
    // One connection left in the queue: the server took `busy` (the queue is first in,
    // first out) and not `waiting`. A moment more for its thread to read the request.
    cr_assert(accept_queue_reaches(s.listen_fd, 1, 5 * d * 1000000),
              "with max_threads = 1, two clients connected and the first one's request sent "
              "%.0f ms earlier, the server should have accepted exactly one of them; the "
              "accept queue still holds another number after %.0f ms (see the accepting "
              "loop of server_threaded_run)", ns_as_ms(d * 1000000 / 10),
              ns_as_ms(5 * d * 1000000));
    nanosleep(&tenth, NULL);
    int64_t t0 = test_now_ns();
    test_server_stop(&s, 10 * d * 1000000);
    double stop_ms = ns_as_ms(test_now_ns() - t0);
    static char got[512], other[512];
    long n = client_read_all(busy, got, sizeof got, 5 * d * 1000000);
    long m = client_read_all(waiting, other, sizeof other, 5 * d * 1000000);
    close(busy);
    close(waiting);
    cr_assert(n > 0 && strncmp(got, "HTTP/1.1 200", 12) == 0,
              "the request in flight when the stop came got (%ld bytes):\n%s\nexpected its "
              "200: a stop lets the requests in flight finish", n, got);
    cr_assert(m <= 0, "with max_threads = 1, a client waiting in the accept queue behind a "
              "busy thread when the stop came was answered (%ld bytes, the server returned "
              "%.0f ms after the stop):\n%s\nexpected nothing: a stop ends the accepting, "
              "even while the server waits for a free thread", m, stop_ms, other);
}
