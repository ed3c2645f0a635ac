#include "async_semaphore.h"

#include <errno.h>

void async_semaphore_init(struct async_semaphore *sem, struct loop *loop, size_t slots)
{
    *sem = (struct async_semaphore){.loop = loop, .free = slots};
}

static void queue_remove(struct async_semaphore *sem, struct semaphore_waiter *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else
        sem->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        sem->tail = w->prev;
    w->prev = w->next = NULL;
    w->queued = 0;
    sem->waiting--;
}

// The deadline passed while w was still queued.
static void waiter_timed_out(void *arg)
{
    struct semaphore_waiter *w = arg;
    w->timer = 0;
    if (w->queued)
        queue_remove(w->sem, w);
    if (!future_done(&w->future))
        future_set_error(&w->future, ETIMEDOUT);
}

// [semaphore_acquire]
int async_semaphore_acquire(struct async_semaphore *sem, struct semaphore_waiter *w,
                            int64_t deadline_ns)
{
    *w = (struct semaphore_waiter){.sem = sem};
    future_init(&w->future, sem->loop);
    // TODO(lab 05): take a free slot at once if nobody queues; else wait at the back
    // of the queue (first come, first served), until the deadline if there is one.
    // Chapter 5, "The session: limit, pool, deadline"; hints: #hints-sem-acquire.
    (void)deadline_ns, (void)waiter_timed_out;
    return -ENOSYS;
}
// [/semaphore_acquire]

// [semaphore_release]
void async_semaphore_release(struct async_semaphore *sem)
{
    // TODO(lab 05): give the slot back, straight to the oldest waiter if there is one
    // (whose timer stops), so that nobody arriving now can overtake the queue.
    // Chapter 5, "The session: limit, pool, deadline"; hints: #hints-sem-release.
    (void)sem, (void)queue_remove;
}
// [/semaphore_release]

void async_semaphore_give_up(struct semaphore_waiter *w)
{
    if (w->timer != 0) {
        loop_cancel_timer(w->sem->loop, w->timer);
        w->timer = 0;
    }
    if (w->queued)
        queue_remove(w->sem, w);
    else if (future_done(&w->future) && future_error(&w->future) == 0)
        async_semaphore_release(w->sem); // granted, but the task was
                                         // cancelled before it woke
}
