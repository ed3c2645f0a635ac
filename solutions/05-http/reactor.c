#include "reactor.h"

#include <errno.h>
#include <limits.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "clock.h"

// How many events one poll hands over at most; the rest wait for the next turn.
#define REACTOR_MAX_EVENTS 256

static int64_t reactor_now_ns(struct loop_backend *self)
{
    (void)self;
    return clock_now_ns();
}

// The reactor's readiness bits as epoll's, for epoll_ctl.
static uint32_t epoll_events_of(enum fd_ready what)
{
    uint32_t events = 0;
    if (what & FD_READABLE)
        events |= EPOLLIN;
    if (what & FD_WRITABLE)
        events |= EPOLLOUT;
    return events;
}

// What epoll_wait reported, as the reactor's bits. epoll always reports EPOLLERR and
// EPOLLHUP, asked or not: they wake the waiter whatever it waits for, and its next
// recv, send or getsockopt says what happened.
static enum fd_ready fd_ready_of(uint32_t events)
{
    int ready = 0;
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
        ready |= FD_READABLE;
    if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
        ready |= FD_WRITABLE;
    return (enum fd_ready)ready;
}

// Takes w out of epoll's interest list, if it is there.
static void fd_wait_deregister(struct fd_wait *w)
{
    if (!w->registered)
        return;
    // Cannot fail for a registered, open descriptor; if the caller closed it already,
    // the kernel dropped the registration by itself.
    epoll_ctl(w->reactor->epoll_fd, EPOLL_CTL_DEL, w->fd, NULL);
    w->registered = false;
    w->reactor->registered--;
}

// epoll reported w's descriptor (events: epoll's bits): the wait is over.
static void fd_wait_ready(struct fd_wait *w, uint32_t events)
{
    fd_wait_deregister(w);
    if (w->timer != 0) {
        loop_cancel_timer(w->future.loop, w->timer);
        w->timer = 0;
    }
    if (!future_done(&w->future)) // it may have been cancelled meanwhile
        future_set_result(&w->future, value_int(fd_ready_of(events)));
}

// w's deadline passed first.
static void fd_wait_timed_out(void *arg)
{
    struct fd_wait *w = arg;
    w->timer = 0;
    fd_wait_deregister(w);
    if (!future_done(&w->future))
        future_set_error(&w->future, ETIMEDOUT);
}

// [reactor_poll]
// The poll step: wait in epoll for at most timeout_ns, then hand each ready
// fd_wait epoll's events (fd_wait_ready translates them).
static int reactor_poll(struct loop_backend *self, struct loop *loop,
                        int64_t timeout_ns)
{
    (void)loop;
    struct reactor *r = (struct reactor *)self;
    /* BEGIN SOLUTION */
    if (timeout_ns < 0 && r->registered == 0)
        return -EDEADLK;
    // epoll_wait counts milliseconds. Round up: waking a little late costs a fraction of a
    // millisecond, waking early would make the loop spin until the timer is due.
    int timeout_ms = -1;
    if (timeout_ns >= 0) {
        int64_t ms = (timeout_ns + NS_PER_MS - 1) / NS_PER_MS;
        timeout_ms = ms > INT_MAX ? INT_MAX : (int)ms;
    }
    struct epoll_event events[REACTOR_MAX_EVENTS];
    int n = epoll_wait(r->epoll_fd, events, REACTOR_MAX_EVENTS, timeout_ms);
    r->polls++;
    if (n < 0)
        return errno == EINTR ? 0 : -errno; // a signal just ends this turn's wait early
    for (int i = 0; i < n; i++)
        fd_wait_ready(events[i].data.ptr, events[i].events);
    return 0;
    /* BEGIN STUB
    // TODO(lab 05): wait in epoll until a socket is ready or the whole timeout has
    // passed, and complete each ready socket's wait; waiting on nothing: -EDEADLK.
    // Chapter 5, "The reactor: polling sockets"; hints: #hints-reactor-poll.
    (void)r, (void)timeout_ns, (void)fd_wait_ready;
    return -ENOSYS;
    END STUB */
}
// [/reactor_poll]

int reactor_init(struct reactor *r)
{
    *r = (struct reactor){.backend = {.now_ns = reactor_now_ns, .poll = reactor_poll}};
    r->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    return r->epoll_fd < 0 ? -errno : 0;
}

void reactor_close(struct reactor *r)
{
    if (r->epoll_fd >= 0)
        close(r->epoll_fd);
    r->epoll_fd = -1;
}

struct reactor *reactor_of(struct loop *loop)
{
    if (loop->backend->poll != reactor_poll)
        return NULL;
    return (struct reactor *)loop->backend;
}

// [fd_wait_start]
int fd_wait_start(struct fd_wait *w, struct loop *loop, int fd, enum fd_ready what,
                  int64_t deadline_ns)
{
    struct reactor *r = reactor_of(loop);
    if (r == NULL)
        return -EINVAL;
    *w = (struct fd_wait){.reactor = r, .fd = fd};
    future_init(&w->future, loop);
    if (deadline_ns >= 0 && deadline_ns <= loop_now_ns(loop))
        return future_set_error(&w->future, ETIMEDOUT); // too late to wait at all
    /* BEGIN SOLUTION */
    // data.ptr takes us straight from the event back to the waiter.
    struct epoll_event event = {.events = epoll_events_of(what), .data.ptr = w};
    if (epoll_ctl(r->epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0)
        return -errno;
    w->registered = true;
    r->registered++;
    if (deadline_ns >= 0) {
        int64_t timer = loop_call_at(loop, deadline_ns, fd_wait_timed_out, w);
        if (timer < 0) {
            fd_wait_deregister(w);
            return (int)timer;
        }
        w->timer = timer;
    }
    return 0;
    /* BEGIN STUB
    // TODO(lab 05): register w with epoll for what it waits for, so that its event
    // leads back to w, and arm its deadline if any; a failure leaves nothing behind.
    // Chapter 5, "The reactor: polling sockets"; hints: #hints-fd-wait-start.
    (void)what, (void)fd_wait_timed_out, (void)epoll_events_of;
    return -ENOSYS;
    END STUB */
}
// [/fd_wait_start]

void fd_wait_end(struct fd_wait *w)
{
    fd_wait_deregister(w);
    if (w->timer != 0) {
        loop_cancel_timer(w->future.loop, w->timer);
        w->timer = 0;
    }
    // A pending future nobody will await again: drop its callbacks (a
    // cancelled task's).
    if (!future_done(&w->future))
        future_discard_callbacks(&w->future);
}
