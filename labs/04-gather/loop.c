#include "loop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "future.h"
#include "grow_array.h"

// The ready ring's memory: lab 02's grow_array; in the optional part, bulk_memory.h's
// twin of it, which maps a large ring in huge pages.
#ifdef LAB04_BULK_MEMORY
#include "bulk_memory.h"
#define READY_GROW BULK_GROW_ARRAY
#define ready_free(loop) \
    bulk_array_free((loop)->ready, (loop)->ready_cap * sizeof *(loop)->ready)
#else
#define READY_GROW GROW_ARRAY
#define ready_free(loop) free((loop)->ready)
#endif

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

// ---- the timers --------------------------------------------------------------------
// Lab 02's heap orders them; each timer's (fn, arg) is a struct loop_callback of its
// own, the heap entry's item. Built with -DLAB04_FAST, timer_heap.h does the same
// with no allocation per timer (the chapter's last part).

#ifndef LAB04_FAST_TIMERS
static void timers_init(struct loop *loop)
{
    deadline_heap_init(&loop->timers);
}

static void timers_free(struct loop *loop)
{
    // The cancelled entries' callbacks were freed by loop_cancel_timer.
    for (size_t i = 0; i < loop->timers.len; i++)
        if (!loop->timers.entries[i].cancelled)
            free(loop->timers.entries[i].item);
    deadline_heap_free(&loop->timers);
}

static int64_t timers_push(struct loop *loop, int64_t deadline_ns,
                           loop_callback_fn *fn, void *arg)
{
    struct loop_callback *cb = malloc(sizeof *cb);
    if (cb == NULL)
        return -ENOMEM;
    *cb = (struct loop_callback){.fn = fn, .arg = arg};
    int64_t handle = deadline_heap_push(&loop->timers, deadline_ns, cb);
    if (handle < 0)
        free(cb);
    return handle;
}

static int timers_cancel(struct loop *loop, int64_t handle)
{
    void *cb;
    int rc = deadline_heap_cancel(&loop->timers, handle, &cb);
    if (rc == 0)
        free(cb); // its entry stays in the heap, but is never returned again
    return rc;
}

static bool timers_peek(struct loop *loop, int64_t *deadline_ns)
{
    const struct heap_entry *top = deadline_heap_peek(&loop->timers);
    if (top != NULL)
        *deadline_ns = top->deadline_ns;
    return top != NULL;
}

// Removes the earliest live timer (there is one) and gives back its callback.
static struct loop_callback timers_pop(struct loop *loop)
{
    struct heap_entry top;
    deadline_heap_pop(&loop->timers, &top);
    struct loop_callback cb = *(struct loop_callback *)top.item;
    free(top.item);
    return cb;
}

size_t loop_timer_count(struct loop *loop)
{
    return deadline_heap_size(&loop->timers);
}
#else
static void timers_init(struct loop *loop)
{
    timer_heap_init(&loop->timers);
}

static void timers_free(struct loop *loop)
{
    timer_heap_free(&loop->timers);
}

static int64_t timers_push(struct loop *loop, int64_t deadline_ns,
                           loop_callback_fn *fn, void *arg)
{
    return timer_heap_push(&loop->timers, deadline_ns, fn, arg);
}

static int timers_cancel(struct loop *loop, int64_t handle)
{
    return timer_heap_cancel(&loop->timers, handle);
}

static bool timers_peek(struct loop *loop, int64_t *deadline_ns)
{
    return timer_heap_peek(&loop->timers, deadline_ns);
}

static struct loop_callback timers_pop(struct loop *loop)
{
    struct loop_callback cb;
    timer_heap_pop(&loop->timers, &cb.fn, &cb.arg); // live: peek dropped the cancelled
    return cb;
}

size_t loop_timer_count(struct loop *loop)
{
    return timer_heap_size(&loop->timers);
}
#endif

bool loop_next_timer(struct loop *loop, int64_t *deadline_ns)
{
    return timers_peek(loop, deadline_ns);
}

// ---- the loop ----------------------------------------------------------------------

void loop_init(struct loop *loop, struct loop_backend *backend)
{
    *loop = (struct loop){.backend = backend ? backend : loop_default_backend()};
    timers_init(loop);
}

void loop_close(struct loop *loop)
{
    ready_free(loop);
    timers_free(loop);
    *loop = (struct loop){.backend = loop->backend};
}

int64_t loop_now_ns(struct loop *loop)
{
    return loop->backend->now_ns(loop->backend);
}

int64_t loop_deadline_ns(struct loop *loop, int64_t timeout_ns)
{
    return timeout_ns < 0 ? -1 : loop_now_ns(loop) + timeout_ns;
}

// Doubles the full ring (grow_array.h; so its capacity stays a power of two). realloc
// keeps the entries where they are (a large block is remapped, not copied); the ones
// that had wrapped around to the front move up to follow the others.
static int ready_grow(struct loop *loop)
{
    size_t old_cap = loop->ready_cap;
    struct loop_callback *ring =
        READY_GROW(loop->ready, loop->ready_cap, old_cap + 1, 64);
    if (ring == NULL)
        return -ENOMEM;
    size_t wrapped = loop->ready_head + loop->ready_count > old_cap
                         ? loop->ready_head + loop->ready_count - old_cap
                         : 0;
    memcpy(ring + old_cap, ring, wrapped * sizeof *ring);
    loop->ready = ring;
    return 0;
}

// [loop_call_soon]
int loop_call_soon(struct loop *loop, loop_callback_fn *fn, void *arg)
{
    if (loop->ready_count == loop->ready_cap && ready_grow(loop) < 0)
        return -ENOMEM;
    // TODO(lab 04): queue (fn, arg) behind every callback already queued (first in,
    // first out) to run on a later turn, never inside this call; there is room for it.
    // Chapter 4, "What you write"; hints: #hints-loop-call-soon.
    (void)fn, (void)arg;
    return -ENOSYS;
}
// [/loop_call_soon]

int64_t loop_call_at(struct loop *loop, int64_t deadline_ns, loop_callback_fn *fn,
                     void *arg)
{
    return timers_push(loop, deadline_ns, fn, arg);
}

int64_t loop_call_later(struct loop *loop, int64_t delay_ns, loop_callback_fn *fn,
                        void *arg)
{
    return loop_call_at(loop, loop_now_ns(loop) + (delay_ns > 0 ? delay_ns : 0), fn,
                        arg);
}

int loop_cancel_timer(struct loop *loop, int64_t handle)
{
    return timers_cancel(loop, handle);
}

// ---- one turn, step by step --------------------------------------------------------

// [loop_poll_timeout]
// Step 1: how long the poll may block. Not at all when a callback is ready or the
// loop is stopping; else until the nearest timer (never negative); else -1, forever.
static int64_t loop_poll_timeout(struct loop *loop)
{
    // TODO(lab 04): how long the poll may block without delaying any work: not at all
    // while work waits, never past the nearest timer, else for ever (-1).
    // Chapter 4, "What you write"; hints: #hints-loop-poll-timeout.
    (void)loop, (void)timers_peek;
    return -1;
}
// [/loop_poll_timeout]

// Step 2: the backend sleeps, or waits for I/O, and hands over what arrived.
static int loop_poll(struct loop *loop, int64_t timeout_ns)
{
    return loop->backend->poll(loop->backend, loop, timeout_ns);
}

// [loop_run_timers]
// Step 3: every timer whose deadline has passed joins the ready queue, earliest
// first. Returns 0, or -ENOMEM.
static int loop_run_timers(struct loop *loop)
{
    // TODO(lab 04): hand every timer that is due by the loop's clock to the ready
    // queue, earliest first; a timer never runs before its deadline.
    // Chapter 4, "What you write"; hints: #hints-loop-run-timers.
    (void)loop, (void)timers_pop;
    return 0;
}
// [/loop_run_timers]

// [loop_run_ready]
// Step 4, the snapshot rule: run the callbacks queued when this step begins, and no
// more. What they queue waits for the next turn, so timers and I/O get theirs.
static void loop_run_ready(struct loop *loop)
{
    // TODO(lab 04): run, oldest first, the callbacks queued when this step begins and
    // no others (the snapshot rule); whatever they queue waits for the next turn.
    // Chapter 4, "What you write"; hints: #hints-loop-run-ready.
    (void)loop;
}
// [/loop_run_ready]

// [loop_run_once]
int loop_run_once(struct loop *loop)
{
    int rc = loop_poll(loop, loop_poll_timeout(loop));
    if (rc < 0)
        return rc;
    rc = loop_run_timers(loop);
    if (rc < 0)
        return rc;
    loop_run_ready(loop);
    return 0;
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
