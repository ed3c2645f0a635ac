// loop: the event loop - a ready queue, a timer heap and a poll step, like asyncio's.
//
// One turn of the loop (loop_run_once):
//   1. work out how long it may block: 0 if a callback is ready (or the loop is
//      stopping), else until the nearest timer, else "forever" (-1);
//   2. poll the backend for at most that long (the backend hands over
//      whatever arrived);
//   3. move every timer whose deadline has passed to the ready queue, in
//      (deadline, seq) order;
//   4. run the callbacks that were in the ready queue when this step began
//      - and only those.
// Rule 4 is the snapshot rule: a callback that schedules another (a coroutine
// that keeps yielding) puts it on the next turn, so timers and I/O get their
// turn in between.
//
// The clock and the poll step sit behind struct loop_backend (like Redis ae's
// backends): the default one reads CLOCK_MONOTONIC and sleeps; tests plug in a virtual
// clock; lab 05 plugs in epoll by embedding struct loop_backend as the first member of
// its own backend.
//
// Each step is a function of its own in loop.c, named for it (loop_poll_timeout,
// loop_poll, loop_run_timers, loop_run_ready), as libuv names uv__run_timers and
// uv__io_poll: a test that fails can say which step to look at.
//
// Memory: a callback is a (fn, arg) pair in a ring buffer, grown by doubling;
// nothing is allocated per callback. A timer is an entry in lab 02's deadline_heap
// plus its own (fn, arg), allocated when it is set. Built with -DLAB04_FAST (the
// chapter's optional last part), the timers live in timer_heap.h instead: 16 bytes a
// timer, nothing allocated per timer. loop_close frees it all. The loop owns none of
// the args it is given.
#ifndef LOOP_H
#define LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lab04_fast.h"
#ifdef LAB04_FAST_TIMERS
#include "timer_heap.h"
#else
#include "deadline_heap.h"
#endif

struct loop;
struct future;
struct trace;

// [loop_backend]
struct loop_backend {
    int64_t (*now_ns)(struct loop_backend *self); // the loop's clock, in nanoseconds
    // Waits at most timeout_ns (-1: until woken, forever; 0: do not block) for events
    // and hands any that arrived to the loop (completes futures, calls
    // loop_call_soon). Returns 0, or a negative errno. A backend that can never be
    // woken returns -EDEADLK for -1.
    int (*poll)(struct loop_backend *self, struct loop *loop, int64_t timeout_ns);
};
// [/loop_backend]

// The default backend: CLOCK_MONOTONIC (lab 01's clock_now_ns) and clock_nanosleep.
// It has no events, so poll(-1) fails with -EDEADLK instead of sleeping forever.
// Stateless and shared.
struct loop_backend *loop_default_backend(void);

// A callback in the ready queue, or a timer's.
typedef void loop_callback_fn(void *arg);

struct loop_callback {
    loop_callback_fn *fn;
    void *arg;
};

// [loop_struct]
struct loop {
    struct loop_backend *backend;
    // The ready queue: a ring of capacity ready_cap (0 or a power of two), ready_count
    // callbacks from index ready_head on, oldest first.
    struct loop_callback *ready;
    size_t ready_head, ready_count, ready_cap;
#ifdef LAB04_FAST_TIMERS
    struct timer_heap timers;   // the optional part's timers (timer_heap.h)
#else
    struct deadline_heap timers; // lab 02's heap: items are struct loop_callback *
#endif
    bool stopping;      // loop_stop was called: the current turn is the last
    bool running;
    struct trace *trace;   // NULL unless tracing (trace.h)
};
// [/loop_struct]

// Makes loop an empty loop on backend (NULL: loop_default_backend()).
// Allocates nothing yet.
void loop_init(struct loop *loop, struct loop_backend *backend);

// Frees what the loop allocated. Callbacks and timers still queued are dropped
// without running; whatever their args point to is not freed (it belongs to whoever
// scheduled them).
void loop_close(struct loop *loop);

// The loop's clock (the backend's), in nanoseconds.
int64_t loop_now_ns(struct loop *loop);

// Queues fn(arg) to run on the next turn of the loop, after the callbacks already
// queued. Returns 0, or -ENOMEM.
int loop_call_soon(struct loop *loop, loop_callback_fn *fn, void *arg);

// Runs fn(arg) once delay_ns (< 0 counts as 0) has passed on the loop's clock: never
// earlier. Timers with the same deadline run in the order they were set. Returns a
// handle for loop_cancel_timer (> 0), or -ENOMEM.
int64_t loop_call_later(struct loop *loop, int64_t delay_ns, loop_callback_fn *fn,
                        void *arg);

// The same at an absolute time deadline_ns of loop_now_ns's clock.
int64_t loop_call_at(struct loop *loop, int64_t deadline_ns, loop_callback_fn *fn,
                     void *arg);

// Cancels a timer that has not fired: it will not run. Lazy: its heap entry stays
// until it reaches the top. Returns 0, or -ENOENT when the handle is unknown, has
// fired or was already cancelled.
int loop_cancel_timer(struct loop *loop, int64_t handle);

// How many timers the loop holds (cancelled ones that have not reached the top of the
// heap included), and the deadline of the earliest live one: false when there is none.
size_t loop_timer_count(struct loop *loop);
bool loop_next_timer(struct loop *loop, int64_t *deadline_ns);

// The loop's clock timeout_ns from now, as a deadline; -1 (no deadline)
// for timeout_ns < 0.
int64_t loop_deadline_ns(struct loop *loop, int64_t timeout_ns);

// One turn, as described at the top. Returns 0, or the negative errno of the
// backend's poll (or -ENOMEM).
int loop_run_once(struct loop *loop);

// Turns until loop_stop is called (that turn is finished first). Returns 0, or a
// negative errno: a turn failed (-EDEADLK: nothing is scheduled and nothing can wake
// the loop), or -EBUSY when the loop is already running.
int loop_run_forever(struct loop *loop);

// Runs the loop until fut is done (at once if it is). Returns 0 - then
// future_done(fut) - or a negative errno as loop_run_forever (or -ENOMEM, or
// -ECANCELED if loop_stop ended it first).
int loop_run_until_complete(struct loop *loop, struct future *fut);

// Makes loop_run_forever return after the current turn (or, called before it,
// after one turn).
void loop_stop(struct loop *loop);

#endif
