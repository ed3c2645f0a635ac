#define _GNU_SOURCE // pthread_timedjoin_np: a server that never stops fails the test, not the run
#include "servertest.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "labtest.h"

struct server_config test_config(int64_t d_ms)
{
    return (struct server_config){.app = {.d_ms = d_ms}, .max_threads = 64,
                                  .header_ms = 4 * d_ms, .idle_ms = 8 * d_ms,
                                  .shutdown_ms = 10 * d_ms};
}

const char *server_kind_name(enum server_kind kind)
{
    return kind == SERVER_BLOCKING ? "blocking" : kind == SERVER_THREADED ? "threaded" : "event-loop";
}

static void *server_thread(void *arg)
{
    struct test_server *s = arg;
    int (*run)(int, int, const struct server_config *, struct server_stats *) =
        s->kind == SERVER_BLOCKING ? server_blocking_run
        : s->kind == SERVER_THREADED ? server_threaded_run : server_loop_run;
    s->rc = run(s->listen_fd, s->stop[0], &s->cfg, &s->stats);
    atomic_store(&s->returned, true);
    return NULL;
}

void test_server_start(struct test_server *s, enum server_kind kind, int backlog)
{
    s->kind = kind;
    atomic_store(&s->returned, false);
    s->listen_fd = server_listen(0, backlog, &s->port);
    cr_assert(s->listen_fd >= 0, "server_listen(0, %d) returned %d (%s)", backlog, s->listen_fd,
              error_name(s->listen_fd));
    cr_assert(pipe(s->stop) == 0);
    cr_assert(pthread_create(&s->thread, NULL, server_thread, s) == 0);
    s->running = true;
}

void test_server_check_running(struct test_server *s)
{
    for (int i = 0; i < 10 && !atomic_load(&s->returned); i++) {
        struct timespec ts = {.tv_sec = 0, .tv_nsec = 5000000};
        nanosleep(&ts, NULL);
    }
    cr_assert(!atomic_load(&s->returned), "the %s server's run function returned %d (%s) "
              "before any client came: it should serve until its stop descriptor is readable",
              server_kind_name(s->kind), s->rc, error_name(s->rc));
}

void test_server_stop(struct test_server *s, int64_t limit_ns)
{
    if (!s->running)
        return;
    cr_assert(write(s->stop[1], "!", 1) == 1);
    int64_t end = test_now_ns() + limit_ns;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += limit_ns / 1000000000;
    ts.tv_nsec += limit_ns % 1000000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    int rc = pthread_timedjoin_np(s->thread, NULL, &ts);
    (void)end;
    cr_assert(rc == 0, "the %s server did not return within %.0f ms of its stop descriptor "
              "becoming readable (requests in flight may take shutdown_ms; idle connections "
              "close at once)", server_kind_name(s->kind), ns_as_ms(limit_ns));
    s->running = false;
    close(s->stop[0]);
    close(s->stop[1]);
    close(s->listen_fd);
    cr_assert(s->rc == 0, "the %s server returned %d (%s), expected 0 after a stop",
              server_kind_name(s->kind), s->rc, error_name(s->rc));
}

int client_connect(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

bool accept_queue_reaches(int listen_fd, unsigned n, int64_t timeout_ns)
{
    int64_t end = test_now_ns() + timeout_ns;
    for (;;) {
        struct tcp_info info;
        socklen_t len = sizeof info;
        if (getsockopt(listen_fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0)
            return false;
        if (info.tcpi_unacked == n)
            return true;
        if (test_now_ns() >= end)
            return false;
        struct timespec ms = {.tv_sec = 0, .tv_nsec = 1000000};
        nanosleep(&ms, NULL);
    }
}

long client_read_all(int fd, char *buf, size_t cap, int64_t timeout_ns)
{
    size_t got = 0;
    int64_t end = test_now_ns() + timeout_ns;
    for (;;) {
        int64_t left = end - test_now_ns();
        if (left <= 0)
            return -1;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int n = poll(&p, 1, (int)(left / 1000000) + 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            continue;
        char scratch[4096];
        char *to = got + 1 < cap ? buf + got : scratch;
        size_t room = got + 1 < cap ? cap - 1 - got : sizeof scratch;
        ssize_t r = read(fd, to, room);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return got > 0 ? (long)got : -1;
        if (r == 0)
            break;
        if (to == buf + got)
            got += (size_t)r;
    }
    buf[got] = '\0';
    return (long)got;
}

struct client {
    int fd;
    bool sent, done;
    struct client_result *res;
};

static void client_finish(struct client *c, int error, int epfd)
{
    struct client_result *r = c->res;
    r->error = error;
    r->done_ns = test_now_ns();
    r->raw[r->raw_len < sizeof r->raw ? r->raw_len : sizeof r->raw - 1] = '\0';
    if (r->raw_len >= 12 && strncmp(r->raw, "HTTP/1.", 7) == 0)
        r->status = atoi(r->raw + 9);
    const char *body = strstr(r->raw, "\r\n\r\n");
    if (body != NULL)
        snprintf(r->body, sizeof r->body, "%s", body + 4);
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->done = true;
}

int64_t clients_run(const struct test_server *s, int n, const char *request,
                    int64_t timeout_ns, struct client_result *res)
{
    uint16_t port = s->port;
    struct client *cs = calloc((size_t)n, sizeof *cs);
    cr_assert(cs != NULL);
    int epfd = epoll_create1(EPOLL_CLOEXEC);
    cr_assert(epfd >= 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int64_t start = test_now_ns();
    int left = n;
    for (int i = 0; i < n; i++) {
        cs[i].res = &res[i];
        res[i] = (struct client_result){0};
        cs[i].fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        cr_assert(cs[i].fd >= 0, "client %d: socket failed: %s", i, strerror(errno));
        int one = 1;
        setsockopt(cs[i].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(cs[i].fd, (struct sockaddr *)&addr, sizeof addr) != 0 &&
            errno != EINPROGRESS) {
            cs[i].res->error = errno;
            close(cs[i].fd);
            cs[i].done = true;
            left--;
            continue;
        }
        struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = &cs[i]};
        cr_assert(epoll_ctl(epfd, EPOLL_CTL_ADD, cs[i].fd, &ev) == 0);
    }
    size_t req_len = strlen(request);
    int64_t end = start + timeout_ns;
    struct epoll_event events[64];
    while (left > 0) {
        int64_t wait_ns = end - test_now_ns();
        if (wait_ns <= 0)
            break;
        if (atomic_load(&s->returned))
            break;
        int k = epoll_wait(epfd, events, 64, wait_ns > 50000000 ? 50 : (int)(wait_ns / 1000000) + 1);
        for (int e = 0; e < k; e++) {
            struct client *c = events[e].data.ptr;
            if (c->done)
                continue;
            if (!c->sent) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err != 0) {
                    client_finish(c, err, epfd);
                    left--;
                    continue;
                }
                ssize_t w = send(c->fd, request, req_len, MSG_NOSIGNAL);
                if (w != (ssize_t)req_len) {
                    client_finish(c, w < 0 ? errno : EMSGSIZE, epfd);
                    left--;
                    continue;
                }
                c->sent = true;
                struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
                continue;
            }
            char buf[4096];
            ssize_t r = recv(c->fd, buf, sizeof buf, 0);
            if (r < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            struct client_result *cr = c->res;
            if (r > 0) {
                size_t room = sizeof cr->raw - 1 - (cr->raw_len < sizeof cr->raw - 1 ? cr->raw_len : sizeof cr->raw - 1);
                size_t take = (size_t)r < room ? (size_t)r : room;
                memcpy(cr->raw + cr->raw_len, buf, take);
                cr->raw_len += take;
                continue;
            }
            client_finish(c, r < 0 ? errno : 0, epfd);
            left--;
        }
    }
    for (int i = 0; i < n; i++)
        if (!cs[i].done)
            client_finish(&cs[i], atomic_load(&s->returned) ? ESHUTDOWN : ETIMEDOUT, epfd);
    close(epfd);
    free(cs);
    return start;
}

int test_open_fds(void)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    int count = 0;
    for (int fd = 0; fd < (int)rl.rlim_cur && fd < 65536; fd++)
        if (fcntl(fd, F_GETFD) != -1)
            count++;
    return count;
}
