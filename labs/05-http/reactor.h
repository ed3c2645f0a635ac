// reactor: the loop's poll step learns about file descriptors - an epoll backend for
// lab 04's loop, and a future that completes when a descriptor is ready.
//
// Lab 04's loop asks its backend to wait "at most timeout_ns" between turns. The
// reactor waits in epoll_wait instead of a plain sleep, so a socket that becomes
// readable wakes the loop as surely as a timer does. Each waiting task owns a struct
// fd_wait (in its coroutine frame): a future, the descriptor, and an optional
// deadline. While it waits, the descriptor is registered with epoll and epoll's data
// points at the fd_wait; when epoll reports it, the reactor deregisters it and
// completes the future with the readiness seen (enum fd_ready). A deadline is a timer
// on the loop that completes the future with ETIMEDOUT instead, and deregisters too.
//
// Invariant: an fd_wait is registered with epoll, and has a timer, only while its
// future is pending. Whatever completes it (an event, the timer, or a cancel followed
// by fd_wait_end) takes both away, so nothing stale is left to fire into freed memory.
//
//     struct reactor reactor;
//     struct loop loop;
//     reactor_init(&reactor);
//     loop_init(&loop, &reactor.backend);
//     ... run tasks that await fd_wait futures ...
//     loop_close(&loop);
//     reactor_close(&reactor);
//
// One waiter per descriptor at a time (a connection is used by one request at a time).
#ifndef REACTOR_H
#define REACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "future.h"
#include "loop.h"

// [reactor_struct]
struct reactor {
    struct loop_backend backend; // first: the loop sees only this
    int epoll_fd;
    size_t registered;           // fd_waits registered with epoll now
    uint64_t polls;              // epoll_wait calls made, for tests and curiosity
};
// [/reactor_struct]

// [fd_ready]
// Readiness: what a waiter asks for, and what its future completes with. The
// reactor's own bits, not epoll's: reactor.c translates them to EPOLLIN/EPOLLOUT and
// back (as Redis's ae_epoll.c does), so nothing outside it depends on epoll. An error
// or a hang-up on the descriptor reads as both: the waiter's next system call then
// meets the error itself.
enum fd_ready {
    FD_READABLE = 1 << 0,
    FD_WRITABLE = 1 << 1,
};
// [/fd_ready]

// [fd_wait_struct]
struct fd_wait {
    struct future future;    // first: completes with value_int(the
                             // fd_ready bits seen) or ETIMEDOUT
    struct reactor *reactor;
    int fd;
    bool registered;         // in epoll's interest list now
    int64_t timer;           // the deadline's timer, or 0
};
// [/fd_wait_struct]

// Makes r a reactor with a new epoll instance (close-on-exec). Returns 0,
// or the negative errno of epoll_create1.
int reactor_init(struct reactor *r);

// Closes the epoll instance. Every fd_wait must be over by then (registered == 0).
void reactor_close(struct reactor *r);

// The reactor loop runs on, or NULL when its backend is not a reactor.
struct reactor *reactor_of(struct loop *loop);

// Starts waiting until fd is ready for what (FD_READABLE or FD_WRITABLE), or until the
// loop's clock reaches deadline_ns (-1: no deadline): w->future then completes with
// value_int(the fd_ready bits seen) or with ETIMEDOUT. A deadline already past
// completes it with ETIMEDOUT at once. w lives until fd_wait_end. Returns 0, or a negative errno: from
// epoll_ctl, -ENOMEM, or -EINVAL when loop does not run on a reactor (nothing is
// registered).
int fd_wait_start(struct fd_wait *w, struct loop *loop, int fd, enum fd_ready what,
                  int64_t deadline_ns);

// Ends a wait however it went: deregisters w and cancels its timer if they are still
// there (after a cancel, say). Call it once the await is over, before w's memory
// goes. Idempotent.
void fd_wait_end(struct fd_wait *w);

#endif
