// async_wait: wait for some of many futures - Python's asyncio.wait(fs,
// timeout, return_when).
//
// The wait's own future completes, always with the result None and never with an
// error, when the condition holds (every future done, or the first one done) or when
// the timeout passes, whichever comes first. Then async_wait_split sorts the futures
// into the done and the pending ones. The futures themselves are left alone: a timeout
// does not cancel them.
//
// Memory: one allocation (the wait and its array of futures) plus a timer while it has
// a timeout. The futures are borrowed: they must outlive the wait. async_wait_free
// removes the wait's callbacks and timer.
#ifndef ASYNC_WAIT_H
#define ASYNC_WAIT_H

#include <stddef.h>
#include <stdint.h>

#include "future.h"

struct loop;

enum async_wait_until {
    WAIT_ALL_COMPLETED,   // asyncio.ALL_COMPLETED
    WAIT_FIRST_COMPLETED, // asyncio.FIRST_COMPLETED
};

struct async_wait {
    struct future future; // first: a wait is a future (its cancel hook is
                          // async_wait_cancel)
    enum async_wait_until until;
    int64_t timer;        // the timeout's timer handle, or 0
    size_t n, done;       // futures, and how many of them have completed
    struct future *futures[];
};

// Python's asyncio.wait(futures, timeout=timeout_ns, return_when=until); timeout_ns <
// 0: none. With n == 0 it is done at once. Returns the wait, or NULL when out of
// memory or a future is NULL.
struct async_wait *async_wait_create(struct loop *loop, struct future *const futures[],
                                     size_t n, enum async_wait_until until,
                                     int64_t timeout_ns);

// Python's `done, pending = ...`: stores the futures that are done in done[] and the
// others in pending[] (each may be NULL, and each has room for n), both in the order
// given. Returns how many are done.
size_t async_wait_split(const struct async_wait *w, struct future *done[],
                        struct future *pending[]);

// Cancels the wait itself (not its futures): it completes with ECANCELED. Returns
// 0, or -EALREADY when it is done. (future_cancel on the wait's
// future calls this.)
int async_wait_cancel(struct async_wait *w);

// Frees the wait. Returns 0, or -EBUSY while its future has callbacks to run.
int async_wait_free(struct async_wait *w);

#endif
