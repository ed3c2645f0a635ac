// async_semaphore: at most N holders at once, the others wait their turn -
// asyncio.Semaphore, which is what aiohttp's TCPConnector(limit=N) amounts to.
//
// A semaphore has a count of free slots and a FIFO queue of waiters. A waiter is a
// future (with an optional deadline) that the caller keeps in its coroutine frame.
// Acquiring takes a free slot at once if there is one and nobody is queued;
// otherwise the waiter joins the queue. Releasing hands the slot straight to the
// oldest waiter - the count never goes up while someone waits, so a newcomer cannot
// overtake the queue.
//
//     async_semaphore_acquire(&sem, &f->waiter, deadline_ns);
//     AWAIT_TRY(&f->waiter.future, f->ignored, f->error);
//     if (f->error) { async_semaphore_give_up(&f->waiter); ...report the error... }
//     ...use the slot...
//     async_semaphore_release(&sem);
#ifndef ASYNC_SEMAPHORE_H
#define ASYNC_SEMAPHORE_H

#include <stddef.h>
#include <stdint.h>

#include "future.h"
#include "loop.h"

struct semaphore_waiter;

// [semaphore_struct]
struct async_semaphore {
    struct loop *loop;
    size_t free;                           // slots nobody holds
    struct semaphore_waiter *head, *tail;  // the queue, oldest first
    size_t waiting;
};

struct semaphore_waiter {
    struct future future;          // first: completes with None once the slot is
                                   // ours, or ETIMEDOUT
    struct async_semaphore *sem;
    struct semaphore_waiter *prev, *next;
    int64_t timer;                 // the deadline's timer, or 0
    int queued;                    // in sem's queue now
};
// [/semaphore_struct]

// A semaphore with `slots` free slots (SIZE_MAX: no limit).
void async_semaphore_init(struct async_semaphore *sem, struct loop *loop,
                          size_t slots);

// Asks for a slot: w->future completes with None when w holds one - at once (on
// the next turn) if one is free and nobody waits - or with ETIMEDOUT when the
// loop's clock passes deadline_ns (-1: wait as long as it takes). Returns 0, or
// -ENOMEM.
int async_semaphore_acquire(struct async_semaphore *sem, struct semaphore_waiter *w,
                            int64_t deadline_ns);

// Gives a slot back: the oldest waiter gets it, or it becomes free.
void async_semaphore_release(struct async_semaphore *sem);

// The await failed (timed out or was cancelled): leaves the queue, or gives back the
// slot if it had been granted meanwhile. Does nothing when the wait simply timed out.
void async_semaphore_give_up(struct semaphore_waiter *w);

#endif
