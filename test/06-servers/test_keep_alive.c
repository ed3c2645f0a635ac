// HTTP/1.1's connection rules, on each of the three servers: keep-alive, pipelined
// requests answered in order, Connection: close, HTTP/1.0.
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "labtest.h"
#include "servertest.h"

LAB_SUITE(keep_alive, 30);

// Three requests in one send: the answers must come back in the order asked, on the
// same connection, and the third's Connection: close ends it.
static void check_pipelining(enum server_kind kind)
{
    static struct test_server s;
    s.cfg = test_config(scaled_ms(20));
    test_server_start(&s, kind, 128);
    test_server_check_running(&s);
    int fd = client_connect(s.port);
    cr_assert(fd >= 0);
    static const char three[] = "GET /sleep HTTP/1.1\r\nHost: t\r\n\r\n"
                                "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n"
                                "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    cr_assert(send(fd, three, sizeof three - 1, 0) == (ssize_t)(sizeof three - 1));
    static char got[4096];
    long n = client_read_all(fd, got, sizeof got, scaled_ms(3000) * 1000000);
    close(fd);
    const char *a = strstr(got, "slept\n"), *b = strstr(got, "not found\n"),
               *c = strstr(got, "Hello, world!\n");
    cr_assert(n > 0 && a && b && c && a < b && b < c,
              "the %s server got three pipelined requests (/sleep, /nope, / with Connection: "
              "close) in one send and answered (%ld bytes%s):\n%s\nexpected the three answers "
              "in that order, then the end of the connection", server_kind_name(kind), n,
              n < 0 ? ", then never closed" : "", got);
    cr_assert(strstr(got, "Connection: close") != NULL && strstr(got, "Connection: keep-alive"),
              "the %s server's answers should say Connection: keep-alive to the first two and "
              "Connection: close to the last:\n%s", server_kind_name(kind), got);
    test_server_stop(&s, scaled_ms(2000) * 1000000);
}

Test(keep_alive, pipelined_requests_are_answered_in_order_by_the_event_loop_server)
{
    check_pipelining(SERVER_LOOP);
}

Test(keep_alive, pipelined_requests_are_answered_in_order_by_the_threaded_server)
{
    check_pipelining(SERVER_THREADED);
}

Test(keep_alive, the_blocking_server_answers_one_request_per_connection_and_says_close)
{
    static struct test_server s;
    s.cfg = test_config(scaled_ms(20));
    test_server_start(&s, SERVER_BLOCKING, 128);
    test_server_check_running(&s);
    int fd = client_connect(s.port);
    cr_assert(fd >= 0);
    static const char two[] = "GET / HTTP/1.1\r\nHost: t\r\n\r\nGET /nope HTTP/1.1\r\nHost: t\r\n\r\n";
    cr_assert(send(fd, two, sizeof two - 1, 0) == (ssize_t)(sizeof two - 1));
    static char got[2048];
    long n = client_read_all(fd, got, sizeof got, scaled_ms(3000) * 1000000);
    close(fd);
    cr_assert(n > 0 && strncmp(got, "HTTP/1.1 200", 12) == 0 && strstr(got, "Hello, world!\n") &&
                  strstr(got, "Connection: close") && !strstr(got, "not found"),
              "the blocking server got two pipelined HTTP/1.1 requests and sent (%ld bytes%s):\n"
              "%s\nexpected one answer, with Connection: close, then the end of the connection: "
              "its one thread must not wait on a kept-alive connection (server_serve_connection's "
              "keep_alive argument)", n, n < 0 ? ", then never closed" : "", got);
    test_server_stop(&s, scaled_ms(2000) * 1000000);
}

Test(keep_alive, an_http_1_0_request_is_answered_and_the_connection_closed)
{
    static const enum server_kind kinds[] = {SERVER_LOOP, SERVER_THREADED, SERVER_BLOCKING};
    for (int k = 0; k < 3; k++) {
        static struct test_server s;
        s.cfg = test_config(scaled_ms(20));
        test_server_start(&s, kinds[k], 128);
        test_server_check_running(&s);
        int fd = client_connect(s.port);
        cr_assert(fd >= 0);
        static const char req[] = "GET / HTTP/1.0\r\n\r\n";
        cr_assert(send(fd, req, sizeof req - 1, 0) == (ssize_t)(sizeof req - 1));
        static char got[1024];
        long n = client_read_all(fd, got, sizeof got, scaled_ms(2000) * 1000000);
        close(fd);
        cr_assert(n > 0 && strncmp(got, "HTTP/1.1 200", 12) == 0 &&
                      strstr(got, "Hello, world!\n") && strstr(got, "Connection: close"),
                  "the %s server got GET / HTTP/1.0 (no keep-alive: the connection ends after "
                  "the answer) and sent (%ld bytes%s):\n%s", server_kind_name(kinds[k]), n,
                  n < 0 ? ", then never closed" : "", got);
        test_server_stop(&s, scaled_ms(2000) * 1000000);
    }
}
