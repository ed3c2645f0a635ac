// demo_backlog: what a client sees when the accept queue is full. The blocking server
// listens with a tiny backlog and answers /sleep (one wait of d) one connection at a
// time; N clients connect at the same moment, each sends its request as soon as its
// connect completes, and each is watched for a few seconds: when its connect
// completed, when its answer came, how it failed (reset, refused), or that it is still
// waiting.
// Usage: demo_backlog [--data] [BACKLOG [N [D_MS [WATCH_MS]]]]
//        (defaults: backlog 2, N = 20, d = 10 ms, watched for 3500 ms)
// --data prints one line per client instead of the summary: "client connected_ms
// answered_ms outcome", -1 for what did not happen, and "# key value" lines first.
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "server.h"

enum outcome { WAITING, ANSWERED, RESET, REFUSED, FAILED };
static const char *const outcome_names[] = {"waiting", "answered", "reset", "refused",
                                            "failed"};

struct client {
    int fd;
    int64_t connected_ns, answered_ns; // -1: not yet
    bool sent;
    enum outcome outcome;
};

struct running_server {
    struct server_config cfg;
    int listen_fd, stop[2];
};

static void *server_main(void *arg)
{
    struct running_server *s = arg;
    server_blocking_run(s->listen_fd, s->stop[0], &s->cfg, NULL);
    return NULL;
}

// One number of /proc/net/netstat's TcpExt table (ListenOverflows: a handshake the
// full accept queue turned away), or -1 when this system does not say.
static long tcp_ext(const char *name)
{
    FILE *f = fopen("/proc/net/netstat", "r");
    char *names = NULL, *values = NULL; // lines of any length: TcpExt's grows with the kernel
    size_t names_cap = 0, values_cap = 0;
    long found = -1;
    while (f && getline(&names, &names_cap, f) > 0 && getline(&values, &values_cap, f) > 0) {
        if (strncmp(names, "TcpExt:", 7) != 0)
            continue;
        char *n_save, *v_save;
        char *n = strtok_r(names, " \n", &n_save);
        char *v = strtok_r(values, " \n", &v_save);
        for (; n && v; n = strtok_r(NULL, " \n", &n_save)) {
            if (strcmp(n, name) == 0)
                found = atol(v);
            v = strtok_r(NULL, " \n", &v_save);
        }
    }
    free(names);
    free(values);
    if (f)
        fclose(f);
    return found;
}

// A number from /proc/sys (a kernel setting), or -1.
static long sysctl_value(const char *path)
{
    FILE *f = fopen(path, "r");
    long value = -1;
    if (f && fscanf(f, "%ld", &value) != 1)
        value = -1;
    if (f)
        fclose(f);
    return value;
}

// What one readiness event means for client c.
static void client_step(struct client *c, int ep, int64_t now)
{
    int error = 0;
    socklen_t len = sizeof error;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &len);
    if (error != 0) {
        c->outcome = error == ECONNRESET     ? RESET
                     : error == ECONNREFUSED ? REFUSED
                                             : FAILED;
    } else if (!c->sent) {
        static const char request[] = "GET /sleep HTTP/1.1\r\nHost: demo\r\n\r\n";
        c->connected_ns = now;
        c->sent = send(c->fd, request, sizeof request - 1, MSG_NOSIGNAL) > 0;
        if (!c->sent) {
            c->outcome = errno == ECONNRESET ? RESET : FAILED;
            epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
            return;
        }
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        return;
    } else {
        char buf[512];
        ssize_t r = recv(c->fd, buf, sizeof buf, 0);
        if (r < 0 && errno == EAGAIN)
            return;
        c->outcome = r >= 12 && strncmp(buf, "HTTP/1.1 200", 12) == 0 ? ANSWERED
                     : r < 0 && errno == ECONNRESET                ? RESET
                                                                   : FAILED;
        c->answered_ns = c->outcome == ANSWERED ? now : -1;
    }
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
}

// Connects n clients at once to port and watches them for watch_ms.
static void run_clients(struct client *clients, int n, uint16_t port, int64_t watch_ms,
                        int64_t start)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int left = 0;
    for (int i = 0; i < n; i++) {
        struct client *c = &clients[i];
        *c = (struct client){.connected_ns = -1, .answered_ns = -1};
        c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
        if (c->fd < 0 || ep < 0 ||
            (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) != 0 &&
             errno != EINPROGRESS) ||
            epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
            c->outcome = FAILED;
        else
            left++;
    }
    int64_t deadline = start + watch_ms * NS_PER_MS;
    while (left > 0 && ep >= 0) {
        int64_t now = clock_now_ns();
        if (now >= deadline)
            break;
        struct epoll_event evs[64];
        int k = epoll_wait(ep, evs, 64, (int)((deadline - now) / NS_PER_MS) + 1);
        now = clock_now_ns();
        for (int e = 0; e < k; e++) {
            struct client *c = evs[e].data.ptr;
            client_step(c, ep, now);
            left -= c->outcome != WAITING;
        }
    }
    if (ep >= 0)
        close(ep);
}

static double ms_since(int64_t t, int64_t start)
{
    return t < 0 ? -1 : (double)(t - start) / 1e6;
}

int main(int argc, char **argv)
{
    bool data = argc > 1 && strcmp(argv[1], "--data") == 0;
    argv += data;
    argc -= data;
    int backlog = argc > 1 ? atoi(argv[1]) : 2, n = argc > 2 ? atoi(argv[2]) : 20;
    int64_t d_ms = argc > 3 ? atoi(argv[3]) : 10;
    int64_t watch_ms = argc > 4 ? atoi(argv[4]) : 3500;
    if (backlog < 1 || n < 1 || n > 1000 || d_ms < 1 || watch_ms < 1 ||
        watch_ms > 60000) {
        fprintf(stderr, "usage: demo_backlog [--data] [BACKLOG [N (1..1000) [D_MS "
                        "[WATCH_MS]]]]\n");
        return 2;
    }
    struct running_server s = {.cfg = {.app = {.d_ms = d_ms}, .max_threads = 1,
                                       .header_ms = 60000, .idle_ms = 60000,
                                       .shutdown_ms = 1000}};
    uint16_t port;
    pthread_t thread;
    s.listen_fd = server_listen(0, backlog, &port);
    if (s.listen_fd < 0 || pipe(s.stop) != 0 ||
        pthread_create(&thread, NULL, server_main, &s) != 0) {
        fprintf(stderr, "could not start the blocking server\n");
        return 1;
    }
    struct client *clients = calloc((size_t)n, sizeof *clients);
    if (clients == NULL)
        return 1;
    long overflows = tcp_ext("ListenOverflows");
    int64_t start = clock_now_ns();
    run_clients(clients, n, port, watch_ms, start);
    if (overflows >= 0)
        overflows = tcp_ext("ListenOverflows") - overflows;
    // The clients still waiting leave; the server finds their requests gone.
    for (int i = 0; i < n; i++)
        if (clients[i].fd >= 0)
            close(clients[i].fd);
    if (write(s.stop[1], "!", 1) != 1)
        return 1;
    pthread_join(thread, NULL);

    long abort_on_overflow = sysctl_value("/proc/sys/net/ipv4/tcp_abort_on_overflow");
    long syn_retries = sysctl_value("/proc/sys/net/ipv4/tcp_syn_retries");
    long syncookies = sysctl_value("/proc/sys/net/ipv4/tcp_syncookies");
    int count[5] = {0}, connected_waiting = 0, by_second[64] = {0};
    for (int i = 0; i < n; i++) {
        struct client *c = &clients[i];
        count[c->outcome]++;
        connected_waiting += c->outcome == WAITING && c->connected_ns >= 0;
        if (c->outcome == ANSWERED)
            by_second[(c->answered_ns - start) / NS_PER_S]++;
    }
    if (data) {
        printf("# backlog %d\n# clients %d\n# d_ms %lld\n# watch_ms %lld\n", backlog,
               n, (long long)d_ms, (long long)watch_ms);
        printf("# tcp_abort_on_overflow %ld\n# tcp_syn_retries %ld\n", abort_on_overflow,
               syn_retries);
        printf("# tcp_syncookies %ld\n# listen_overflows %ld\n", syncookies, overflows);
        for (int i = 0; i < n; i++)
            printf("%d %.1f %.1f %s\n", i, ms_since(clients[i].connected_ns, start),
                   ms_since(clients[i].answered_ns, start),
                   outcome_names[clients[i].outcome]);
        free(clients);
        return 0;
    }
    printf("%d clients at once, blocking server with backlog %d on /sleep (d = %lld ms), "
           "watched for %lld ms\n", n, backlog, (long long)d_ms, (long long)watch_ms);
    printf("tcp_abort_on_overflow = %ld, tcp_syn_retries = %ld, tcp_syncookies = %ld\n",
           abort_on_overflow, syn_retries, syncookies);
    printf("handshakes the full queue turned away (ListenOverflows): %ld\n", overflows);
    for (int sec = 0; sec * 1000 < watch_ms && sec < 64; sec++)
        printf("  answered between %d and %d s: %d\n", sec, sec + 1, by_second[sec]);
    printf("answered %d, reset %d, refused %d, other errors %d, still waiting %d "
           "(%d of them connected, their request unread)\n", count[ANSWERED],
           count[RESET], count[REFUSED], count[FAILED], count[WAITING], connected_waiting);
    free(clients);
    return 0;
}
