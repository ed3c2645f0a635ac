// green_patch: monkey-patching, C style. The lab's link line says
//     -Wl,--wrap=connect,--wrap=send,--wrap=recv,--wrap=poll,--wrap=nanosleep,--wrap=clock_nanosleep
// so every call to connect() in the objects it links - lab 05's http_blocking.c among them,
// not a line of it changed - calls __wrap_connect here instead, and __real_connect is the C
// library's. Inside a greenlet that can wait on the hub, a wrapper does the call without
// blocking and, where it would block, green_waits; anywhere else it is the plain call.
// Only the objects linked here are patched: a shared library's own calls are not.
#define _DEFAULT_SOURCE // MSG_DONTWAIT
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include "hub.h"

int __real_connect(int fd, const struct sockaddr *addr, socklen_t len);
ssize_t __real_send(int fd, const void *buf, size_t len, int flags);
ssize_t __real_recv(int fd, void *buf, size_t len, int flags);
int __real_poll(struct pollfd *fds, nfds_t n, int timeout_ms);
int __real_nanosleep(const struct timespec *want, struct timespec *left);
int __real_clock_nanosleep(clockid_t clock, int flags, const struct timespec *want, struct timespec *left);

int __wrap_connect(int fd, const struct sockaddr *addr, socklen_t len);
ssize_t __wrap_send(int fd, const void *buf, size_t len, int flags);
ssize_t __wrap_recv(int fd, void *buf, size_t len, int flags);
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout_ms);
int __wrap_nanosleep(const struct timespec *want, struct timespec *left);
int __wrap_clock_nanosleep(clockid_t clock, int flags, const struct timespec *want, struct timespec *left);

// The socket's SO_RCVTIMEO or SO_SNDTIMEO in nanoseconds; -1 when none is set. The
// blocking client bounds its calls with them, and so do we, so each greenlet times out
// alone.
static int64_t socket_timeout_ns(int fd, int option)
{
    struct timeval tv;
    socklen_t len = sizeof tv;
    if (getsockopt(fd, SOL_SOCKET, option, &tv, &len) != 0 || (tv.tv_sec == 0 && tv.tv_usec == 0))
        return -1;
    return (int64_t)tv.tv_sec * 1000000000 + (int64_t)tv.tv_usec * 1000;
}

// Sets errno from a wait that failed; a timeout is EAGAIN, as a timed-out blocking call
// says.
static void wait_failed(int rc)
{
    errno = rc == -ETIMEDOUT ? EAGAIN : -rc;
}

// [connect]
int __wrap_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    if (!hub_can_wait())
        return __real_connect(fd, addr, len);
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
        return -1;
    int rc = __real_connect(fd, addr, len), error = rc == 0 ? 0 : errno;
    // Over loopback the kernel has usually finished the handshake inside connect, although
    // connect says EINPROGRESS: a poll that does not wait finds out for one system call,
    // where the hub would cost two epoll_ctl and a turn of its loop (lab 05 does the same).
    struct pollfd now = {.fd = fd, .events = POLLOUT};
    if (error == EINPROGRESS && __real_poll(&now, 1, 0) == 1) {
        socklen_t size = sizeof error;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
            error = errno;
    } else if (error == EINPROGRESS) {
        int waited = green_wait(fd, FD_WRITABLE, socket_timeout_ns(fd, SO_SNDTIMEO));
        socklen_t size = sizeof error;
        if (waited != 0)
            error = waited == -ETIMEDOUT ? ETIMEDOUT : -waited;
        else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
            error = errno;
    }
    fcntl(fd, F_SETFL, flags); // the caller's socket is blocking again, as it made it
    errno = error;
    return error == 0 ? 0 : -1;
}
// [/connect]

// [send_recv]
ssize_t __wrap_send(int fd, const void *buf, size_t len, int flags)
{
    if (!hub_can_wait())
        return __real_send(fd, buf, len, flags);
    for (;;) {
        ssize_t n = __real_send(fd, buf, len, flags | MSG_DONTWAIT);
        if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
            return n;
        int rc = green_wait(fd, FD_WRITABLE, socket_timeout_ns(fd, SO_SNDTIMEO));
        if (rc != 0)
            return wait_failed(rc), -1;
    }
}

ssize_t __wrap_recv(int fd, void *buf, size_t len, int flags)
{
    if (!hub_can_wait())
        return __real_recv(fd, buf, len, flags);
    for (;;) {
        ssize_t n = __real_recv(fd, buf, len, flags | MSG_DONTWAIT);
        if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
            return n;
        int rc = green_wait(fd, FD_READABLE, socket_timeout_ns(fd, SO_RCVTIMEO));
        if (rc != 0)
            return wait_failed(rc), -1;
    }
}
// [/send_recv]

static int64_t ns_of(const struct timespec *t)
{
    return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return ns_of(&t);
}

// [poll]
// One descriptor - what a blocking client polls - waits on the hub like recv. Several
// cannot: green_wait watches one. They are looked at again every millisecond, with the
// hub running the others in between; slower to notice, but nobody else is blocked.
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
    if (!hub_can_wait() || timeout_ms == 0)
        return __real_poll(fds, n, timeout_ms);
    int64_t deadline = timeout_ms < 0 ? -1 : now_ns() + (int64_t)timeout_ms * 1000000;
    for (;;) {
        int ready = __real_poll(fds, n, 0); // fills in revents, as the caller expects
        if (ready != 0)
            return ready;
        int64_t left = deadline < 0 ? -1 : deadline - now_ns();
        if (deadline >= 0 && left <= 0)
            return 0;
        int rc, what = n != 1 || fds[0].fd < 0 ? 0
                       : (fds[0].events & POLLIN ? FD_READABLE : 0) |
                             (fds[0].events & POLLOUT ? FD_WRITABLE : 0);
        if (what != 0) {
            rc = green_wait(fds[0].fd, (enum fd_ready)what, left);
        } else {
            rc = green_sleep(left >= 0 && left < 1000000 ? left : 1000000);
        }
        if (rc != 0 && rc != -ETIMEDOUT)
            return errno = -rc, -1;
    }
}
// [/poll]

int __wrap_nanosleep(const struct timespec *want, struct timespec *left)
{
    if (!hub_can_wait())
        return __real_nanosleep(want, left);
    int rc = green_sleep(ns_of(want));
    return rc == 0 ? 0 : (errno = -rc, -1);
}

// clock_nanosleep returns its error instead of setting errno.
int __wrap_clock_nanosleep(clockid_t clock, int flags, const struct timespec *want, struct timespec *left)
{
    if (!hub_can_wait())
        return __real_clock_nanosleep(clock, flags, want, left);
    int64_t ns = ns_of(want);
    if (flags & TIMER_ABSTIME) {
        struct timespec now;
        if (clock_gettime(clock, &now) != 0)
            return errno;
        ns -= ns_of(&now);
    }
    return -green_sleep(ns);
}
