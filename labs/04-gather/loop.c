#include "loop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "future.h"

// ---- the default backend: the real clock, and a sleep for a poll -------------------

static int64_t real_now_ns(struct loop_backend *self)
{
    (void)self;
    return clock_now_ns();
}

static int real_poll(struct loop_backend *self, struct loop *loop, int64_t timeout_ns)
{
    (void)self, (void)loop;
    if (timeout_ns == 0)
        return 0; // the common case when work is ready: no system call at all
    if (timeout_ns < 0)
        return -EDEADLK;
    // Sleep to an absolute deadline, so a signal (EINTR) just sends us back to sleep.
    int64_t deadline_ns = clock_now_ns() + timeout_ns;
    struct timespec deadline = {.tv_sec = (time_t)(deadline_ns / NS_PER_S),
                                .tv_nsec = (long)(deadline_ns % NS_PER_S)};
    int rc;
    while ((rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL)) ==
           EINTR)
        continue;
    return -rc;
}

struct loop_backend *loop_default_backend(void)
{
    static struct loop_backend real = {.now_ns = real_now_ns, .poll = real_poll};
    return &real;
}

// ---- the loop ----------------------------------------------------------------------

void loop_init(struct loop *loop, struct loop_backend *backend)
{
    *loop = (struct loop){.backend = backend ? backend : loop_default_backend()};
    timer_heap_init(&loop->timers);
}

void loop_close(struct loop *loop)
{
    free(loop->ready);
    timer_heap_free(&loop->timers);
    *loop = (struct loop){.backend = loop->backend};
}

int64_t loop_now_ns(struct loop *loop)
{
    return loop->backend->now_ns(loop->backend);
}

// Doubles the ring. realloc keeps the entries where they are (a large block is
// remapped, not copied); the ones that had wrapped around to the front move up to
// follow the others.
static int ready_grow(struct loop *loop)
{
    size_t old_cap = loop->ready_cap, cap = old_cap ? old_cap * 2 : 64;
    struct loop_callback *ring = realloc(loop->ready, cap * sizeof *ring);
    if (ring == NULL)
        return -ENOMEM;
    size_t wrapped = loop->ready_head + loop->ready_count > old_cap
                         ? loop->ready_head + loop->ready_count - old_cap
                         : 0;
    memcpy(ring + old_cap, ring, wrapped * sizeof *ring);
    loop->ready = ring;
    loop->ready_cap = cap;
    return 0;
}

// [loop_call_soon]
int loop_call_soon(struct loop *loop, loop_callback_fn *fn, void *arg)
{
    if (loop->ready_count == loop->ready_cap && ready_grow(loop) < 0)
        return -ENOMEM;
    // TODO(lab 04): store (fn, arg) at the tail of the ring - index (ready_head +
    // ready_count) & (ready_cap - 1) - and count it.
    (void)fn, (void)arg;
    return -ENOSYS;
}
// [/loop_call_soon]

int64_t loop_call_at(struct loop *loop, int64_t deadline_ns, loop_callback_fn *fn,
                     void *arg)
{
    return timer_heap_push(&loop->timers, deadline_ns, fn, arg);
}

int64_t loop_call_later(struct loop *loop, int64_t delay_ns, loop_callback_fn *fn,
                        void *arg)
{
    return loop_call_at(loop, loop_now_ns(loop) + (delay_ns > 0 ? delay_ns : 0), fn,
                        arg);
}

int loop_cancel_timer(struct loop *loop, int64_t handle)
{
    return timer_heap_cancel(&loop->timers, handle);
}

// [loop_run_once]
int loop_run_once(struct loop *loop)
{
    // TODO(lab 04): one turn of the loop, in four steps.
    // 1. timeout_ns: 0 if loop->ready_count > 0 or loop->stopping; else the time
    //    from loop_now_ns(loop) to the nearest timer (timer_heap_peek; never
    //    negative); else -1.
    // 2. loop->backend->poll(loop->backend, loop, timeout_ns); return its error if it
    //    fails.
    // 3. Pop every timer whose deadline <= loop_now_ns(loop) (timer_heap_peek, then
    //    timer_heap_pop) and loop_call_soon its callback.
    // 4. Run the callbacks that are queued now - count them first (the snapshot rule)
    //    - taking each from ready[ready_head], advancing ready_head (wrap with &
    //    (ready_cap - 1)) and counting it off ready_count before calling it.
    (void)loop;
    return -ENOSYS;
}
// [/loop_run_once]

int loop_run_forever(struct loop *loop)
{
    if (loop->running)
        return -EBUSY;
    loop->running = true;
    int rc = 0;
    for (;;) {
        rc = loop_run_once(loop);
        if (rc < 0 || loop->stopping)
            break;
    }
    loop->running = false;
    loop->stopping = false;
    return rc;
}

void loop_stop(struct loop *loop)
{
    loop->stopping = true;
}

static void stop_when_done(struct future *f, void *arg)
{
    (void)f;
    loop_stop(arg);
}

int loop_run_until_complete(struct loop *loop, struct future *fut)
{
    if (future_done(fut))
        return 0;
    int rc = future_add_done_callback(fut, stop_when_done, loop);
    if (rc < 0)
        return rc;
    rc = loop_run_forever(loop);
    if (!future_done(fut) || future_callbacks_pending(fut)) {
        // Stopped by something else, or by an error: our callback must not
        // outlive the call.
        future_remove_done_callback(fut, stop_when_done, loop);
        if (rc == 0 && !future_done(fut))
            return -ECANCELED;
    }
    return rc;
}
