// http_test_server, the process side: forks the server child, learns its ports through a pipe,
// shares the counters through an anonymous shared mapping, and kills and reaps it.
#define _GNU_SOURCE
#include "http_test_server_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct http_test_server {
    pid_t pid;
    int port;
    int refused_port;
    struct hts_counters *counters; // MAP_SHARED with the child
};

// What the child reports through the pipe once it listens (or why it could not).
struct hts_hello {
    int error; // an errno value, 0 on success
    int port;
    int refused_port;
};

// A TCP socket on 127.0.0.1, port chosen by the kernel; listening if backlog > 0.
static int socket_bound(int backlog, int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || (backlog > 0 && listen(fd, backlog) < 0) ||
        getsockname(fd, (struct sockaddr *)&addr, &len) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    *port = ntohs(addr.sin_port);
    return fd;
}

static void write_hello(int fd, const struct hts_hello *hello)
{
    const char *p = (const char *)hello;
    size_t left = sizeof *hello;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        p += n;
        left -= (size_t)n;
    }
}

// The child: never returns, never runs the parent's atexit handlers (it leaves by _exit or
// by a signal).
_Noreturn static void child_main(int hello_fd, pid_t parent, struct hts_counters *counters, int64_t spin_ns)
{
    // Die with the test that started us, even if it crashes; it may have died already.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(0);
    // Drop every descriptor inherited from the test (its sockets must see their peer's close
    // when the test closes them), keeping stdio and the pipe.
    if (hello_fd > 3)
        close_range(3, (unsigned)hello_fd - 1, 0);
    close_range((unsigned)hello_fd + 1, ~0U, 0);
    // Signals: the test's handlers and mask are not the server's business.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }

    struct hts_hello hello = {0};
    int backlog = SOMAXCONN > 4096 ? SOMAXCONN : 4096; // the kernel caps it at net.core.somaxconn
    int listen_fd = socket_bound(backlog, &hello.port);
    int refused_fd = listen_fd < 0 ? -1 : socket_bound(0, &hello.refused_port);
    if (refused_fd < 0) {
        hello.error = errno ? errno : EIO;
        write_hello(hello_fd, &hello);
        _exit(1);
    }
    write_hello(hello_fd, &hello);
    close(hello_fd);
    hts_serve(listen_fd, counters, spin_ns); // the refused socket stays open, never listening
}

// Reads the child's hello; returns 0, or -1 with errno.
static int read_hello(int fd, struct hts_hello *hello)
{
    char *p = (char *)hello;
    size_t left = sizeof *hello;
    while (left > 0) {
        ssize_t n = read(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            errno = n == 0 ? ECHILD : errno; // the child died before it listened
            return -1;
        }
        p += n;
        left -= (size_t)n;
    }
    if (hello->error) {
        errno = hello->error;
        return -1;
    }
    return 0;
}

static void reap(pid_t pid)
{
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
}

struct http_test_server *http_test_server_start(void)
{
    return http_test_server_start_spinning(0);
}

struct http_test_server *http_test_server_start_spinning(int spin_us)
{
    if (spin_us < 0 || spin_us > 10000) {
        errno = EINVAL;
        return NULL;
    }
    struct http_test_server *server = calloc(1, sizeof *server);
    if (!server)
        return NULL;
    server->counters = mmap(NULL, sizeof *server->counters, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                            -1, 0);
    if (server->counters == MAP_FAILED) {
        free(server);
        return NULL;
    }
    // The mapping is zero-filled, which is a valid initial state for each atomic_long.
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) < 0)
        goto fail_map;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        errno = saved;
        goto fail_map;
    }
    if (pid == 0) {
        close(pipe_fds[0]);
        child_main(pipe_fds[1], parent, server->counters, (int64_t)spin_us * 1000);
    }
    close(pipe_fds[1]);
    struct hts_hello hello;
    int status = read_hello(pipe_fds[0], &hello);
    int saved = errno;
    close(pipe_fds[0]);
    if (status < 0) {
        reap(pid);
        errno = saved;
        goto fail_map;
    }
    server->pid = pid;
    server->port = hello.port;
    server->refused_port = hello.refused_port;
    return server;

fail_map:
    saved = errno;
    munmap(server->counters, sizeof *server->counters);
    free(server);
    errno = saved;
    return NULL;
}

int http_test_server_port(const struct http_test_server *server)
{
    return server->port;
}

int http_test_server_refused_port(const struct http_test_server *server)
{
    return server->refused_port;
}

long http_test_server_current_connections(const struct http_test_server *server)
{
    return atomic_load(&server->counters->current);
}

long http_test_server_max_concurrent(const struct http_test_server *server)
{
    return atomic_load(&server->counters->max_concurrent);
}

long http_test_server_accepted(const struct http_test_server *server)
{
    return atomic_load(&server->counters->accepted);
}

long http_test_server_requests(const struct http_test_server *server)
{
    return atomic_load(&server->counters->requests);
}

long http_test_server_bad_requests(const struct http_test_server *server)
{
    return atomic_load(&server->counters->bad_requests);
}

void http_test_server_reset_counters(struct http_test_server *server)
{
    struct hts_counters *c = server->counters;
    atomic_store(&c->accepted, 0);
    atomic_store(&c->requests, 0);
    atomic_store(&c->bad_requests, 0);
    atomic_store(&c->max_concurrent, atomic_load(&c->current));
}

int http_test_server_wait_idle(const struct http_test_server *server, int timeout_ms)
{
    struct timespec start, now, pause = {.tv_sec = 0, .tv_nsec = 1000000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        if (atomic_load(&server->counters->current) == 0)
            return 0;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long long elapsed_ms = (now.tv_sec - start.tv_sec) * 1000LL + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (elapsed_ms >= timeout_ms) {
            errno = ETIMEDOUT;
            return -1;
        }
        nanosleep(&pause, NULL);
    }
}

void http_test_server_stop(struct http_test_server *server)
{
    if (!server)
        return;
    reap(server->pid);
    munmap(server->counters, sizeof *server->counters);
    free(server);
}
