// Load generators for the HTTP test server's runner: the blocking client of the self-test and
// an epoll client that opens every connection at once.
#define _GNU_SOURCE
#include "load.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int64_t load_now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

static int connect_socket(int port, int flags)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | flags, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int load_connect(int port)
{
    return connect_socket(port, 0);
}

bool load_send_all(int fd, const char *bytes, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, bytes, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        bytes += n;
        len -= (size_t)n;
    }
    return true;
}

// The request for /delay/ms and the exact response expected.
struct exchange {
    char request[64];
    size_t request_len;
    char response[192];
    size_t response_len;
};

static void exchange_for_delay(struct exchange *x, int ms)
{
    char body[48];
    int body_len = snprintf(body, sizeof body, "{\"delay_ms\":%d}\n", ms);
    x->request_len = (size_t)snprintf(x->request, sizeof x->request, "GET /delay/%d HTTP/1.1\r\n\r\n", ms);
    x->response_len = (size_t)snprintf(x->response, sizeof x->response,
                                       "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n"
                                       "Content-Type: application/json\r\n\r\n%s", body_len, body);
}

void load_sequential_connects(int port, int n, int ms, struct load_result *result)
{
    *result = (struct load_result){0};
    struct exchange x;
    exchange_for_delay(&x, ms);
    int *fds = malloc((size_t)n * sizeof *fds);
    if (!fds) {
        result->failed = n;
        return;
    }
    int64_t start = load_now_ns();
    for (int i = 0; i < n; i++) {
        fds[i] = load_connect(port);
        if (fds[i] >= 0 && !load_send_all(fds[i], x.request, x.request_len)) {
            close(fds[i]);
            fds[i] = -1;
        }
    }
    for (int i = 0; i < n; i++) {
        char buf[256];
        size_t have = 0;
        while (fds[i] >= 0 && have < x.response_len) {
            ssize_t got = recv(fds[i], buf + have, sizeof buf - have, 0);
            if (got <= 0)
                break;
            have += (size_t)got;
        }
        if (have == x.response_len && memcmp(buf, x.response, have) == 0)
            result->answered++;
        else
            result->failed++;
    }
    result->total_ns = load_now_ns() - start;
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(fds);
}

struct burst_conn {
    int fd;
    bool sent;
    size_t have;
    char buf[192];
};

static void burst_finish(struct burst_conn *c, struct load_result *result, bool ok)
{
    close(c->fd);
    c->fd = -1;
    if (ok)
        result->answered++;
    else
        result->failed++;
}

void load_burst(int port, int n, int ms, struct load_result *result)
{
    *result = (struct load_result){0};
    struct exchange x;
    exchange_for_delay(&x, ms);
    struct burst_conn *conns = calloc((size_t)n, sizeof *conns);
    int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (!conns || epoll_fd < 0) {
        free(conns);
        if (epoll_fd >= 0)
            close(epoll_fd);
        result->failed = n;
        return;
    }
    int64_t start = load_now_ns();
    for (int i = 0; i < n; i++) {
        conns[i].fd = connect_socket(port, SOCK_NONBLOCK);
        struct epoll_event event = {.events = EPOLLOUT, .data.u32 = (uint32_t)i};
        if (conns[i].fd < 0) {
            result->failed++;
        } else if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, conns[i].fd, &event) < 0) {
            burst_finish(&conns[i], result, false);
        }
    }
    struct epoll_event events[256];
    while (result->answered + result->failed < n && load_now_ns() - start < 30 * 1000000000LL) {
        int ready = epoll_wait(epoll_fd, events, 256, 100);
        for (int e = 0; e < ready; e++) {
            struct burst_conn *c = &conns[events[e].data.u32];
            if (c->fd < 0)
                continue;
            if (!c->sent) {
                // Writable after a non-blocking connect: it succeeded, or SO_ERROR says why not.
                int error = 0;
                socklen_t len = sizeof error;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &len);
                struct epoll_event event = {.events = EPOLLIN, .data.u32 = events[e].data.u32};
                if (error || !load_send_all(c->fd, x.request, x.request_len) ||
                    epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c->fd, &event) < 0) {
                    burst_finish(c, result, false);
                    continue;
                }
                c->sent = true;
                continue;
            }
            ssize_t got = recv(c->fd, c->buf + c->have, sizeof c->buf - c->have, 0);
            if (got < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (got <= 0) {
                burst_finish(c, result, false);
                continue;
            }
            c->have += (size_t)got;
            if (c->have >= x.response_len)
                burst_finish(c, result, c->have == x.response_len && memcmp(c->buf, x.response, c->have) == 0);
        }
    }
    result->total_ns = load_now_ns() - start;
    for (int i = 0; i < n; i++)
        if (conns[i].fd >= 0) {
            close(conns[i].fd);
            result->failed++;
        }
    close(epoll_fd);
    free(conns);
}
