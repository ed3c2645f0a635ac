// When something fails - the app, the listening socket, the supply of descriptors - the
// servers say so: a client gets 500, a run function returns a negative errno, and an
// acceptor out of descriptors waits instead of spinning.
#define _GNU_SOURCE // pthread_timedjoin_np: a server that never returns fails the test
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "labtest.h"
#include "servertest.h"

LAB_SUITE(server_errors, 30);

static const enum server_kind kinds[] = {SERVER_LOOP, SERVER_THREADED, SERVER_BLOCKING};

Test(server_errors, an_app_that_fails_gets_500_from_every_server_and_the_next_request_200)
{
    for (int k = 0; k < 3; k++) {
        static struct test_server s;
        s.cfg = test_config(scaled_ms(20));
        s.cfg.app.d_ms = -1; // both forms of the app refuse to sleep for it: -EINVAL
        test_server_start(&s, kinds[k], 128);
        test_server_check_running(&s);
        int64_t limit_ns = scaled_ms(2000) * 1000000;
        static struct client_result failed[3], hello[1];
        clients_run(&s, 3, "GET /sleep HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
                    limit_ns, failed);
        for (int i = 0; i < 3; i++)
            cr_assert(failed[i].status == 500,
                      "the %s server, client %d: the app failed (-EINVAL) on /sleep, and the "
                      "client got status %d (error %s):\n%s\nexpected 500 (a client left "
                      "without an answer cannot tell a failure from a network fault)",
                      server_kind_name(kinds[k]), i + 1, failed[i].status,
                      error_name(failed[i].error), failed[i].raw);
        clients_run(&s, 1, "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", limit_ns, hello);
        cr_assert(hello[0].status == 200, "the %s server, after the app failed: a client on / "
                  "got status %d (error %s), expected 200", server_kind_name(kinds[k]),
                  hello[0].status, error_name(hello[0].error));
        test_server_stop(&s, limit_ns);
    }
}

struct bad_run {
    enum server_kind kind;
    int listen_fd, stop_fd;
    struct server_config cfg;
    int rc;
};

static void *bad_run_main(void *arg)
{
    struct bad_run *b = arg;
    int (*run)(int, int, const struct server_config *, struct server_stats *) =
        b->kind == SERVER_BLOCKING ? server_blocking_run
        : b->kind == SERVER_THREADED ? server_threaded_run : server_loop_run;
    b->rc = run(b->listen_fd, b->stop_fd, &b->cfg, NULL);
    return NULL;
}

// Runs b's server on a thread of its own for at most about a second: true when it
// returned by then (b->rc says what). One still running is left to run: the test fails,
// and its process goes with it.
static bool returns_within_a_second(struct bad_run *b)
{
    pthread_t t;
    cr_assert(pthread_create(&t, NULL, bad_run_main, b) == 0);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 1 + scaled_ms(1000) / 1000;
    return pthread_timedjoin_np(t, NULL, &until) == 0;
}

// Runs a server on listen_fd and expects it to return a negative errno within a second.
static void expect_error_return(enum server_kind kind, int listen_fd, const char *what)
{
    int stop[2];
    cr_assert(pipe(stop) == 0);
    static struct bad_run b;
    b = (struct bad_run){.kind = kind, .listen_fd = listen_fd, .stop_fd = stop[0],
                         .cfg = test_config(scaled_ms(20)), .rc = 1};
    if (!returns_within_a_second(&b)) {
        cr_assert(write(stop[1], "!", 1) == 1);
        cr_assert_fail("the %s server, given %s as its listening socket, was still running a "
                       "second later: accept4 fails at once on it (it is no listening socket), "
                       "so the server cannot serve; it should return that error",
                       server_kind_name(kind), what);
    }
    close(stop[0]);
    close(stop[1]);
    cr_assert(b.rc < 0, "the %s server, given %s as its listening socket, returned %d (%s); "
              "expected a negative errno: a server that cannot accept must say why, not "
              "return 0 as if it had been stopped", server_kind_name(kind), what, b.rc,
              error_name(b.rc));
}

// A number no descriptor has: well above every descriptor these tests open.
static int closed_descriptor(void)
{
    int fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 1000);
    cr_assert(fd >= 0);
    close(fd);
    return fd;
}

Test(server_errors, a_listening_socket_that_cannot_accept_makes_every_server_return_its_error)
{
    for (int k = 0; k < 3; k++) {
        int unbound = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        cr_assert(unbound >= 0);
        expect_error_return(kinds[k], unbound, "a TCP socket that is not listening");
        close(unbound);
        expect_error_return(kinds[k], closed_descriptor(), "a closed descriptor");
    }
}

// poll reports a descriptor that is not open as POLLNVAL, epoll_ctl refuses it with
// EBADF: a server that took that for a stop would return 0 as if stopped, and one that
// waited on would run with no way to stop it.
Test(server_errors, a_stop_descriptor_that_is_not_open_makes_every_server_return_ebadf)
{
    uint16_t port;
    int listen_fd = server_listen(0, 16, &port);
    cr_assert(listen_fd >= 0, "server_listen returned %d (%s)", listen_fd,
              error_name(listen_fd));
    for (int k = 0; k < 3; k++) {
        static struct bad_run b;
        b = (struct bad_run){.kind = kinds[k], .listen_fd = listen_fd,
                             .stop_fd = closed_descriptor(),
                             .cfg = test_config(scaled_ms(20)), .rc = 1};
        cr_assert(returns_within_a_second(&b),
                  "the %s server, given a closed descriptor as its stop_fd, was still running "
                  "a second later: nothing can ever stop it, so it should not run; it should "
                  "return -EBADF (poll says POLLNVAL for that descriptor)",
                  server_kind_name(kinds[k]));
        cr_assert(b.rc == -EBADF, "the %s server, given a closed descriptor as its stop_fd, "
                  "returned %d (%s); expected -EBADF (poll says POLLNVAL for it): a stop "
                  "descriptor that is none is an error, not a stop",
                  server_kind_name(kinds[k]), b.rc, error_name(b.rc));
    }

    // The threaded server looks at stop_fd while every thread is busy too: one client
    // connected and silent (max_threads 1, and idle_ms far beyond this test, so its slot
    // stays taken however slowly the test runs), one in the accept queue, and then stop_fd
    // goes. The descriptor number is a high one, which nothing opened later can take.
    int stop[2];
    cr_assert(pipe(stop) == 0);
    int stop_fd = fcntl(stop[0], F_DUPFD_CLOEXEC, 1000);
    cr_assert(stop_fd >= 0);
    close(stop[0]);
    int64_t d = scaled_ms(200);
    static struct bad_run b;
    b = (struct bad_run){.kind = SERVER_THREADED, .listen_fd = listen_fd, .stop_fd = stop_fd,
                         .cfg = test_config(d), .rc = 1};
    b.cfg.max_threads = 1;
    b.cfg.idle_ms = 600 * 1000; // the idle thread gives way to the server's own stop only
    pthread_t t;
    cr_assert(pthread_create(&t, NULL, bad_run_main, &b) == 0);
    int busy = client_connect(port), waiting = client_connect(port);
    cr_assert(busy >= 0 && waiting >= 0);
    bool one_waits = accept_queue_reaches(listen_fd, 1, 5 * d * 1000000);
    struct timespec tenth = {.tv_sec = 0, .tv_nsec = d * 1000000 / 10};
    nanosleep(&tenth, NULL); // the server now waits for its one thread
    close(stop_fd);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 1 + 10 * d / 1000;
    int joined = pthread_timedjoin_np(t, NULL, &until);
    close(busy);
    close(waiting);
    close(stop[1]);
    cr_assert(one_waits, "with max_threads = 1 and two clients connected, the threaded server "
              "should have accepted exactly one of them; the accept queue held another "
              "number after %.0f ms", ns_as_ms(5 * d * 1000000));
    cr_assert(joined == 0, "the threaded server, its stop_fd closed while its one thread was "
              "busy and a client waited, was still running %.0f ms later: it can never be "
              "stopped now, so it should return -EBADF", 1000 + ns_as_ms(10 * d * 1000000));
    cr_assert(b.rc == -EBADF, "the threaded server, its stop_fd closed while its one thread "
              "was busy and a client waited, returned %d (%s); expected -EBADF: a stop "
              "descriptor that is none is an error, not a stop", b.rc, error_name(b.rc));
    close(listen_fd);
}

// Fills every free descriptor number below the current soft limit with a copy of fd
// (into keep, up to cap); returns how many.
static int fill_descriptors(int fd_to_copy, int *keep, int cap)
{
    int n = 0;
    while (n < cap) {
        int fd = fcntl(fd_to_copy, F_DUPFD_CLOEXEC, 0);
        if (fd < 0)
            break;
        keep[n++] = fd;
    }
    return n;
}

static int64_t thread_cpu_ns(pthread_t thread)
{
    clockid_t clock;
    struct timespec ts;
    if (pthread_getcpuclockid(thread, &clock) != 0 || clock_gettime(clock, &ts) != 0)
        return -1;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

// With no descriptor left, accept4 fails with EMFILE and leaves the connection in the
// queue, which stays readable: an acceptor that waits for it again wakes at once, and
// burns a core until a connection closes somewhere. It must pause instead.
Test(server_errors, out_of_descriptors_the_event_loop_server_pauses_accepting_without_spinning)
{
    static struct test_server s;
    int64_t d = scaled_ms(100);
    s.cfg = test_config(d);
    test_server_start(&s, SERVER_LOOP, 128);
    test_server_check_running(&s);
    enum { N = 8, KEEP = 256 };
    // The clients' sockets are made first: connect needs no new descriptor.
    static int clients[N];
    for (int i = 0; i < N; i++) {
        clients[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        cr_assert(clients[i] >= 0);
    }
    struct rlimit old;
    cr_assert(getrlimit(RLIMIT_NOFILE, &old) == 0);
    int highest = 0;
    for (int fd = 0; fd < (int)old.rlim_cur && fd < 65536; fd++)
        if (fcntl(fd, F_GETFD) != -1)
            highest = fd;
    struct rlimit tight = {.rlim_cur = (rlim_t)highest + 1, .rlim_max = old.rlim_max};
    cr_assert(setrlimit(RLIMIT_NOFILE, &tight) == 0);
    static int keep[KEEP];
    int kept = fill_descriptors(clients[0], keep, KEEP); // the holes below the highest one
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(s.port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    static const char req[] = "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    int connected = 0;
    for (int i = 0; i < N; i++)
        if (connect(clients[i], (struct sockaddr *)&addr, sizeof addr) == 0 &&
            send(clients[i], req, sizeof req - 1, MSG_NOSIGNAL) == (ssize_t)(sizeof req - 1))
            connected++;
    // The server now finds N connections it cannot accept, for 5 d.
    int64_t cpu0 = thread_cpu_ns(s.thread), t0 = test_now_ns();
    struct timespec wait = {.tv_sec = 5 * d / 1000, .tv_nsec = 5 * d % 1000 * 1000000};
    nanosleep(&wait, NULL);
    int64_t cpu = thread_cpu_ns(s.thread) - cpu0, wall = test_now_ns() - t0;
    cr_assert(setrlimit(RLIMIT_NOFILE, &old) == 0);
    for (int i = 0; i < kept; i++)
        close(keep[i]);
    cr_assert(kept < KEEP && connected == N, "setting up: %d descriptors filled, %d of %d "
              "clients connected", kept, connected, N);
    cr_assert(cpu0 >= 0 && cpu < wall / 10,
              "the event-loop server, unable to accept (EMFILE) for %.0f ms, used %.0f ms of "
              "CPU meanwhile: an acceptor that waits for the listening socket again at once "
              "finds it still readable and spins. On EMFILE (or ENFILE, ENOBUFS, ENOMEM) it "
              "should stop accepting for a while (allowed: a tenth of the time)",
              ns_as_ms(wall), ns_as_ms(cpu));
    // Descriptors are back: the waiting clients are accepted and answered.
    for (int i = 0; i < N; i++) {
        static char got[256];
        long n = client_read_all(clients[i], got, sizeof got, 20 * d * 1000000);
        close(clients[i]);
        cr_assert(n > 0 && strncmp(got, "HTTP/1.1 200", 12) == 0,
                  "client %d of %d, kept waiting while the server had no descriptor left, "
                  "got (%ld bytes):\n%s\nexpected 200 once descriptors were back", i + 1, N, n,
                  got);
    }
    test_server_stop(&s, 20 * d * 1000000);
}
