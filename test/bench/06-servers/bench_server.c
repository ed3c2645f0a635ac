// bench_server: lab 06's event-loop server, measured as the issue asks. Prints (medians):
//
//   server_1000x10_total_ms            1000 clients at once on /work (ten gathered sleeps of
//                                      d = 100 ms): from the first connect to the last answer
//   server_10k_idle_rss_bytes_per_conn the server's resident memory per connection while it
//                                      holds 10 000 idle keep-alive connections
//
// `bench_server serve` only runs the event-loop server: it prints its port and serves until
// SIGTERM (bench_hello.py drives it with wrk, beside nginx).
// The server runs in a child process (its own RSS, its own CPU); the clients are written
// here, on one epoll. Built by tools/bench/bench.sh with -O2 against solutions/06-servers and
// its dependencies.
#define _GNU_SOURCE // sched_setaffinity: the server on one core, the clients on the other
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_measure.h"
#include "clock.h"
#include "server.h"

#define D_MS 100
#define RUNS 5

static void pin_to_cpu(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set); // best effort: a 1-CPU machine shares
}

// Starts the event-loop server in a child; *port is where it listens.
static pid_t server_start(uint16_t *port)
{
    int fd = server_listen(0, 4096, port);
    if (fd < 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        pin_to_cpu(0);
        int stop = server_signal_fd();
        struct server_config cfg = {.app = {.d_ms = D_MS}, .max_threads = 1,
                                    .header_ms = 60000, .idle_ms = 600000,
                                    .shutdown_ms = 1000};
        _exit(server_loop_run(fd, stop, &cfg, NULL) == 0 ? 0 : 1);
    }
    close(fd);
    return pid;
}

static void server_stop(pid_t pid)
{
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

static int connect_nonblocking(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

// n clients at once send request and read until they have a whole answer (keep_alive:
// until its end, then stay connected; else until the server closes). Returns the time
// from the first connect to the last answer in ns, or -1. fds (n of them) keeps the
// sockets when keep_alive.
static int64_t clients(uint16_t port, int n, const char *request, bool keep_alive, int *fds)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    int *fd = fds ? fds : calloc((size_t)n, sizeof *fd);
    char *sent = calloc((size_t)n, 1);
    if (ep < 0 || !fd || !sent)
        return -1;
    size_t len = strlen(request);
    int64_t start = clock_now_ns();
    for (int i = 0; i < n; i++) {
        fd[i] = connect_nonblocking(port);
        struct epoll_event ev = {.events = EPOLLOUT, .data.u32 = (uint32_t)i};
        if (fd[i] < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd[i], &ev) != 0)
            return -1;
    }
    int left = n, failed = 0;
    struct epoll_event evs[256];
    while (left > 0) {
        int k = epoll_wait(ep, evs, 256, 30000);
        if (k <= 0)
            return -1;
        for (int e = 0; e < k; e++) {
            int i = (int)evs[e].data.u32;
            if (!sent[i]) {
                if (send(fd[i], request, len, MSG_NOSIGNAL) != (ssize_t)len)
                    failed++;
                sent[i] = 1;
                struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
                epoll_ctl(ep, EPOLL_CTL_MOD, fd[i], &ev);
                continue;
            }
            char buf[1024];
            ssize_t r = recv(fd[i], buf, sizeof buf, 0);
            if (r < 0 && errno == EAGAIN)
                continue;
            // The answers are short: one recv holds a whole one.
            if (r <= 0 || keep_alive) {
                if (r <= 0 && keep_alive)
                    failed++;
                else if (r > 0 && strncmp(buf, "HTTP/1.1 200", 12) != 0)
                    failed++;
                epoll_ctl(ep, EPOLL_CTL_DEL, fd[i], NULL);
                if (!keep_alive)
                    close(fd[i]);
                left--;
            } else if (strncmp(buf, "HTTP/1.1 200", 12) != 0) {
                failed++;
            }
        }
    }
    int64_t took = clock_now_ns() - start;
    close(ep);
    free(sent);
    if (!fds)
        free(fd);
    if (failed > 0) {
        fprintf(stderr, "bench_server: %d of %d requests failed\n", failed, n);
        return -1;
    }
    return took;
}

// The resident set of process pid, in bytes.
static long rss_bytes(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/statm", (int)pid);
    FILE *f = fopen(path, "r");
    long pages = 0, rss = 0;
    if (f == NULL || fscanf(f, "%ld %ld", &pages, &rss) != 2)
        rss = -1;
    if (f)
        fclose(f);
    return rss < 0 ? -1 : rss * sysconf(_SC_PAGESIZE);
}

// Serves until SIGTERM on a free port of 127.0.0.1, which it prints first. The caller
// chooses the CPU (taskset).
static int serve(void)
{
    uint16_t port;
    int fd = server_listen(0, 4096, &port);
    int stop = server_signal_fd();
    if (fd < 0 || stop < 0)
        return 1;
    printf("%u\n", port);
    fflush(stdout);
    struct server_config cfg = {.app = {.d_ms = D_MS}, .max_threads = 1, .header_ms = 60000,
                                .idle_ms = 600000, .shutdown_ms = 1000};
    return server_loop_run(fd, stop, &cfg, NULL) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if (argc > 1 && strcmp(argv[1], "serve") == 0)
        return serve();
    uint16_t port;
    pid_t server = server_start(&port);
    if (server < 0)
        return 1;
    pin_to_cpu(1);

    double ms[RUNS];
    for (int r = 0; r < RUNS; r++) {
        int64_t t = clients(port, 1000, "GET /work HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n",
                            false, NULL);
        if (t < 0) {
            server_stop(server);
            return 1;
        }
        ms[r] = (double)t / 1e6;
    }
    printf("server_1000x10_total_ms %.1f\n", bench_median(ms, RUNS));
    server_stop(server);

    // A fresh server for the memory figure, warmed by one connection.
    enum { IDLE = 10000 };
    static int fds[IDLE];
    server = server_start(&port);
    if (server < 0 || rl.rlim_cur < IDLE + 100) {
        fprintf(stderr, "bench_server: cannot hold %d connections (RLIMIT_NOFILE %ld)\n", IDLE,
                (long)rl.rlim_cur);
        return 1;
    }
    clients(port, 1, "GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n", false, NULL);
    long before = rss_bytes(server);
    if (clients(port, IDLE, "GET / HTTP/1.1\r\nHost: b\r\n\r\n", true, fds) < 0) {
        server_stop(server);
        return 1;
    }
    long after = rss_bytes(server);
    printf("server_10k_idle_rss_bytes_per_conn %.0f\n", (double)(after - before) / IDLE);
    for (int i = 0; i < IDLE; i++)
        close(fds[i]);
    server_stop(server);
    return 0;
}
