// Hostile and broken peers cost only themselves (event-loop server): a client that
// trickles a byte at a time, one that says nothing, ones that leave mid-request or
// mid-response, one that sends garbage; and nothing is left open afterwards.
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "labtest.h"
#include "servertest.h"

LAB_SUITE(hostile, 30);

static const char sleep_request[] = "GET /sleep HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

struct slowloris {
    uint16_t port;
    int64_t gap_ms;
    char got[512];
    long n;
    int64_t start_ns, done_ns;
};

// Sends a request a byte every gap_ms, never finishing it, and reads what comes back.
static void *slowloris_main(void *arg)
{
    struct slowloris *s = arg;
    int fd = client_connect(s->port);
    s->n = -1;
    if (fd < 0)
        return NULL;
    static const char never[] = "GET /sleep HTTP/1.1\r\nHost: t\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    s->start_ns = test_now_ns();
    for (size_t i = 0; i < sizeof never - 1; i++) {
        if (send(fd, never + i, 1, MSG_NOSIGNAL) != 1)
            break;
        struct timespec ts = {.tv_sec = s->gap_ms / 1000, .tv_nsec = (s->gap_ms % 1000) * 1000000};
        nanosleep(&ts, NULL);
        char peek;
        if (recv(fd, &peek, 1, MSG_PEEK | MSG_DONTWAIT) >= 0)
            break; // an answer (or the end) is waiting
    }
    s->n = client_read_all(fd, s->got, sizeof s->got, scaled_ms(3000) * 1000000);
    s->done_ns = test_now_ns();
    close(fd);
    return NULL;
}

Test(hostile, a_slowloris_gets_408_at_the_header_timeout_while_the_others_are_served_on_time)
{
    static struct test_server s;
    int64_t d = scaled_ms(100);
    s.cfg = test_config(d); // header_ms = 4 d
    test_server_start(&s, SERVER_LOOP, 128);
    static struct slowloris slow;
    slow = (struct slowloris){.port = s.port, .gap_ms = d / 4};
    pthread_t t;
    cr_assert(pthread_create(&t, NULL, slowloris_main, &slow) == 0);
    static struct client_result res[20];
    int64_t start = clients_run(&s, 20, sleep_request, 30 * d * 1000000, res);
    for (int i = 0; i < 20; i++)
        cr_assert(res[i].status == 200 && res[i].done_ns - start < 3 * d * 1000000,
                  "client %d on /sleep beside a slowloris: status %d, error %s, after %.0f ms; "
                  "expected 200 in under 3 d = %lld ms (one slow client must delay nobody)",
                  i + 1, res[i].status, error_name(res[i].error), ns_as_ms(res[i].done_ns - start),
                  (long long)(3 * d));
    pthread_join(t, NULL);
    double after_ms = ns_as_ms(slow.done_ns - slow.start_ns);
    cr_assert(slow.n > 0 && strncmp(slow.got, "HTTP/1.1 408", 12) == 0,
              "a client sending its request a byte every %lld ms got (%ld bytes, after %.0f "
              "ms):\n%s\nexpected a 408 once header_ms = %lld ms had passed since its first "
              "byte (a deadline for the whole head, not one per recv), then the end of the "
              "connection", (long long)slow.gap_ms, slow.n, after_ms, slow.got,
              (long long)s.cfg.header_ms);
    cr_assert(after_ms >= (double)s.cfg.header_ms && after_ms < (double)(s.cfg.header_ms + 6 * d),
              "the slowloris got its 408 after %.0f ms; expected it at header_ms = %lld ms "
              "after its first byte (allowed: up to 6 d later)", after_ms,
              (long long)s.cfg.header_ms);
    test_server_stop(&s, 20 * d * 1000000);
}

// The blocking and the threaded server read a request with the same deadline: a
// slowloris holds a thread for header_ms, no longer. On the blocking server it holds
// the only one, so the others wait for it; on the threaded server they do not.
Test(hostile, the_blocking_and_the_threaded_server_give_a_slowloris_408_at_the_header_timeout)
{
    static const enum server_kind kinds[] = {SERVER_BLOCKING, SERVER_THREADED};
    for (int k = 0; k < 2; k++) {
        static struct test_server s;
        int64_t d = scaled_ms(100);
        s.cfg = test_config(d); // header_ms = 4 d
        test_server_start(&s, kinds[k], 128);
        test_server_check_running(&s);
        static struct slowloris slow;
        slow = (struct slowloris){.port = s.port, .gap_ms = d / 4};
        pthread_t t;
        cr_assert(pthread_create(&t, NULL, slowloris_main, &slow) == 0);
        struct timespec ts = {.tv_sec = 0, .tv_nsec = d * 1000000 / 2};
        nanosleep(&ts, NULL); // the slowloris is served first
        int n = kinds[k] == SERVER_BLOCKING ? 1 : 10;
        static struct client_result res[10];
        int64_t start = clients_run(&s, n, sleep_request, 30 * d * 1000000, res);
        for (int i = 0; i < n; i++) {
            int64_t took = res[i].done_ns - start;
            bool on_time = kinds[k] == SERVER_BLOCKING ? took < (s.cfg.header_ms + 6 * d) * 1000000
                                                       : took < 3 * d * 1000000;
            cr_assert(res[i].status == 200 && on_time,
                      "the %s server, client %d on /sleep beside a slowloris: status %d, "
                      "error %s, after %.0f ms; expected 200 %s", server_kind_name(kinds[k]),
                      i + 1, res[i].status, error_name(res[i].error), ns_as_ms(took),
                      kinds[k] == SERVER_BLOCKING
                          ? "once the slowloris is cut off at header_ms (under header_ms + 6 d)"
                          : "in under 3 d: a thread of its own, whatever the slowloris does");
        }
        pthread_join(t, NULL);
        double after_ms = ns_as_ms(slow.done_ns - slow.start_ns);
        cr_assert(slow.n > 0 && strncmp(slow.got, "HTTP/1.1 408", 12) == 0,
                  "the %s server: a client sending its request a byte every %lld ms got (%ld "
                  "bytes, after %.0f ms):\n%s\nexpected a 408 once header_ms = %lld ms had "
                  "passed since its first byte (a deadline for the whole head, not one per "
                  "recv), then the end of the connection", server_kind_name(kinds[k]),
                  (long long)slow.gap_ms, slow.n, after_ms, slow.got, (long long)s.cfg.header_ms);
        cr_assert(after_ms >= (double)s.cfg.header_ms &&
                      after_ms < (double)(s.cfg.header_ms + 6 * d),
                  "the %s server gave the slowloris its 408 after %.0f ms; expected it at "
                  "header_ms = %lld ms after its first byte (allowed: up to 6 d later)",
                  server_kind_name(kinds[k]), after_ms, (long long)s.cfg.header_ms);
        test_server_stop(&s, 20 * d * 1000000);
    }
}

Test(hostile, a_silent_client_is_closed_after_idle_ms_and_delays_nobody)
{
    static struct test_server s;
    int64_t d = scaled_ms(100);
    s.cfg = test_config(d);
    s.cfg.idle_ms = 3 * d;
    test_server_start(&s, SERVER_LOOP, 128);
    int silent = client_connect(s.port);
    cr_assert(silent >= 0);
    int64_t t0 = test_now_ns();
    static struct client_result res[20];
    int64_t start = clients_run(&s, 20, sleep_request, 30 * d * 1000000, res);
    for (int i = 0; i < 20; i++)
        cr_assert(res[i].status == 200 && res[i].done_ns - start < 3 * d * 1000000,
                  "client %d on /sleep beside a silent client: status %d, error %s, after "
                  "%.0f ms; expected 200 in under 3 d", i + 1, res[i].status,
                  error_name(res[i].error), ns_as_ms(res[i].done_ns - start));
    static char got[256];
    long n = client_read_all(silent, got, sizeof got, 20 * d * 1000000);
    double after_ms = ns_as_ms(test_now_ns() - t0);
    close(silent);
    cr_assert(n == 0 && after_ms >= (double)s.cfg.idle_ms,
              "a client that connected and said nothing got %ld bytes and the end after %.0f "
              "ms; expected the server to close it, without an answer, after idle_ms = %lld ms "
              "(n = -1: it never did)", n, after_ms, (long long)s.cfg.idle_ms);
    test_server_stop(&s, 20 * d * 1000000);
}

Test(hostile, clients_that_leave_mid_request_or_mid_response_cost_only_themselves)
{
    static struct test_server s;
    int64_t d = scaled_ms(100);
    s.cfg = test_config(d);
    int before = test_open_fds();
    test_server_start(&s, SERVER_LOOP, 128);
    for (int i = 0; i < 10; i++) {
        int fd = client_connect(s.port);
        cr_assert(fd >= 0);
        // Even ones leave half-way through the request line, odd ones while /sleep runs;
        // SO_LINGER 0 makes the close a reset, the rudest way to leave.
        const char *half = i % 2 ? sleep_request : "GET /sle";
        send(fd, half, strlen(half), MSG_NOSIGNAL);
        struct linger lg = {.l_onoff = 1, .l_linger = 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        close(fd);
    }
    static struct client_result res[10];
    int64_t start = clients_run(&s, 10, sleep_request, 30 * d * 1000000, res);
    for (int i = 0; i < 10; i++)
        cr_assert(res[i].status == 200 && res[i].done_ns - start < 3 * d * 1000000,
                  "client %d on /sleep after ten clients left mid-request or mid-response: "
                  "status %d, error %s, after %.0f ms; expected 200 in under 3 d", i + 1,
                  res[i].status, error_name(res[i].error), ns_as_ms(res[i].done_ns - start));
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 2 * d * 1000000}; // the /sleeps end
    nanosleep(&ts, NULL);
    test_server_stop(&s, 20 * d * 1000000);
    int after = test_open_fds();
    cr_assert(after == before, "%d descriptors were open before the server started and %d "
              "after it stopped: every connection's socket must be closed however it ended",
              before, after);
}

Test(hostile, a_malformed_request_gets_400_among_good_ones)
{
    static const enum server_kind kinds[] = {SERVER_LOOP, SERVER_THREADED, SERVER_BLOCKING};
    for (int k = 0; k < 3; k++) {
        static struct test_server s;
        int64_t d = scaled_ms(20);
        s.cfg = test_config(d);
        test_server_start(&s, kinds[k], 128);
        static struct client_result bad[1], good[5];
        clients_run(&s, 1, "GET /\x01 HTTP/1.1\r\n\r\n", 40 * d * 1000000, bad);
        cr_assert(bad[0].status == 400 && strstr(bad[0].raw, "Connection: close"),
                  "the %s server got a request line with a control character and answered "
                  "status %d (error %s):\n%s\nexpected 400 and Connection: close",
                  server_kind_name(kinds[k]), bad[0].status, error_name(bad[0].error), bad[0].raw);
        clients_run(&s, 5, sleep_request, 40 * d * 1000000, good);
        for (int i = 0; i < 5; i++)
            cr_assert(good[i].status == 200, "the %s server, after a malformed request: client "
                      "%d on /sleep got status %d (error %s)", server_kind_name(kinds[k]), i + 1,
                      good[i].status, error_name(good[i].error));
        test_server_stop(&s, 20 * d * 1000000);
    }
}

Test(hostile, no_descriptor_is_left_open_after_a_stop)
{
    static const enum server_kind kinds[] = {SERVER_LOOP, SERVER_THREADED, SERVER_BLOCKING};
    for (int k = 0; k < 3; k++) {
        int before = test_open_fds();
        static struct test_server s;
        int64_t d = scaled_ms(20);
        s.cfg = test_config(d);
        // An idle timeout far beyond the stop's limit: only the stop itself may close the
        // idle connection below in time.
        s.cfg.idle_ms = 100 * d;
        test_server_start(&s, kinds[k], 128);
        static struct client_result res[10];
        int n = kinds[k] == SERVER_BLOCKING ? 3 : 10;
        clients_run(&s, n, "GET / HTTP/1.1\r\nHost: t\r\n\r\n"
                    "GET /nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
                    40 * d * 1000000, res);
        for (int i = 0; i < n; i++)
            cr_assert(res[i].status == 200, "the %s server: client %d got status %d (error %s)",
                      server_kind_name(kinds[k]), i + 1, res[i].status, error_name(res[i].error));
        int idle = client_connect(s.port); // stays idle: the stop must close it
        cr_assert(idle >= 0);
        struct timespec ts = {.tv_sec = 0, .tv_nsec = d * 1000000};
        nanosleep(&ts, NULL);
        test_server_stop(&s, 20 * d * 1000000);
        close(idle);
        int after = test_open_fds();
        cr_assert(after == before, "the %s server: %d descriptors were open before it started "
                  "and %d after it stopped", server_kind_name(kinds[k]), before, after);
    }
}
