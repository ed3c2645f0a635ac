// coro_task: a task drives a coroutine - Python's asyncio.Task - and the macros that
// let a coroutine body await.
//
// A coroutine is a lab 03 generator body. It awaits by yielding to its task
// what it waits for:
//   - value_ptr(fut): a pending struct future. The task adds a done callback to fut
//     and steps the coroutine again once fut is done.
//   - value_int(delay_ns): a sleep. The task sets a timer on the loop; 0 (or less)
//     means "let the others run": the task resumes on the very next turn of the loop.
// Each resume sends value_int(0), or value_int(ECANCELED) when the task was cancelled
// while the coroutine waited: that is how a cancel reaches the coroutine at its await
// point. When the body returns, the task's future completes with the return value;
// when it raises (GEN_RAISE with value_int(code), as AWAIT does), with the error code.
//
// Writing a coroutine (Python: `async def sleeper(i, d): await asyncio.sleep(d);
// return i`):
//
//     struct sleeper_frame { int64_t id, delay_ns; };
//
//     enum gen_status sleeper(struct gen *g, struct value sent, struct value *out)
//     {
//         struct sleeper_frame *f = g->frame;
//         GEN_BEGIN;
//         AWAIT_SLEEP(f->delay_ns);
//         GEN_RETURN(value_int(f->id));
//         GEN_END;
//     }
//
//     struct sleeper_frame frame = {.id = 1, .delay_ns = d};
//     struct coro_task *t = coro_task_create(loop, sleeper, &frame, sizeof frame);
//
// The macros' limits are lab 03's (they are built on GEN_YIELD): the body's parameters
// must be called g, sent and out; nothing kept in a plain local survives an await
// (keep it in the frame); at most one await per source line; no await inside a switch
// of your own; only the body itself can await, not a function it calls (make that a
// coroutine and AWAIT_CORO it). Also: the future expression given to AWAIT is
// evaluated again after the resume, so it must name something in the frame (f->fut,
// &f->task->future), not a local.
//
// Memory: coro_task_create makes one allocation holding the task, its future and the
// frame. The caller owns the task: coro_task_free it once it is done (its future's
// callbacks run), or coro_task_detach it so it frees itself when it finishes. A
// pending task must not be freed; close the loop only once every task has finished
// (asyncio, too, warns about a task destroyed while pending).
#ifndef CORO_TASK_H
#define CORO_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "future.h"
#include "gen.h"
#include "loop.h"

// What a task is waiting for.
enum coro_task_wait {
    CORO_TASK_SCHEDULED, // its next step is queued on the loop (new,
                         // woken, or sleep(0))
    CORO_TASK_AWAITING,  // a future: awaiting is set
    CORO_TASK_SLEEPING,  // a timer: timer is set
    CORO_TASK_FINISHED,  // the coroutine returned or raised: future is done
};

#ifndef LAB04_SMALL_FUTURE
// [coro_task_struct]
// 112 bytes and the frame, in one allocation: a task is small because it is
// one of a million.
struct coro_task {
    struct future future; // first: a task is a future, done when the coroutine
                          // ends; its cancel hook is coro_task_cancel
    uint8_t wait;         // what the task waits for: an enum coro_task_wait
    struct gen gen;       // the coroutine; gen.frame is frame below
    union {               // depends on wait:
        int wake_error;          // CORO_TASK_SCHEDULED: what the step
                                 // sends, 0 or ECANCELED
        struct future *awaiting; // CORO_TASK_AWAITING: the future it waits for
        int64_t timer;           // CORO_TASK_SLEEPING: the loop's timer handle
    } on;
    max_align_t frame[];  // the coroutine's locals
};
// [/coro_task_struct]
#else
// [coro_task_struct_fast]
// The optional part: 96 bytes. wait moves into the future's owner_byte, where
// padding would be, so it costs nothing; the union names the same byte twice.
struct coro_task {
    union {
        struct future future;
        struct {
            unsigned char before_owner_byte_[offsetof(struct future, owner_byte)];
            uint8_t wait;
        };
    };
    struct gen gen;
    union {
        int wake_error;
        struct future *awaiting;
        int64_t timer;
    } on;
    max_align_t frame[];
};
// [/coro_task_struct_fast]
#endif

// Python's loop.create_task(coro): a task that runs body with a frame of frame_size
// bytes, copied from frame_init (NULL: zeroed). It first runs on the next turn of the
// loop, not now. Returns the task (owned by the caller), or NULL when out of memory.
struct coro_task *coro_task_create(struct loop *loop, gen_body_fn *body,
                                   const void *frame_init, size_t frame_size);

// The task's frame (what frame_init was copied into), and its future.
void *coro_task_frame(struct coro_task *t);
struct future *coro_task_future(struct coro_task *t);

// Python's task.cancel(): asks the coroutine to stop. Delivered at its await point:
// the future it awaits is cancelled (or, if that cannot be, the resume sends
// ECANCELED), a sleep ends at once; a task that has not started yet never runs its
// body. The coroutine sees ECANCELED and usually lets it propagate, and then the
// task's future completes with ECANCELED. Returns 0, or -EALREADY when the task is
// already finished.
int coro_task_cancel(struct coro_task *t);

// Frees a finished task. Returns 0, or -EBUSY (and frees nothing) while it is pending
// or its future still has callbacks to run.
int coro_task_free(struct coro_task *t);

// Gives the task to itself: it frees itself once finished and its other
// callbacks have run (fire and forget). Nobody may use it afterwards. Returns 0,
// or -ENOMEM.
int coro_task_detach(struct coro_task *t);

// What a resume sent, as an error: 0 or ECANCELED. For the macros below.
static inline int coro_wake_error(struct value sent)
{
    return sent.kind == VALUE_INT ? (int)sent.as.i : 0;
}

// [await_macros]
// `result = await fut`, catching: waits until the future *fut is done (not at all if
// it already is), then stores its result in result and its error (0 if none) in error,
// and carries on. A cancel delivered meanwhile makes error ECANCELED. Python: try:
// result = await fut / except.
#define AWAIT_TRY(fut, result, error)                              \
    do {                                                           \
        (error) = 0;                                               \
        if (!future_done(fut)) {                                   \
            GEN_YIELD(value_ptr(fut));                             \
            (error) = coro_wake_error(sent);                       \
        }                                                          \
        if ((error) == 0)                                          \
            (error) = future_error(fut);                           \
        (result) = (error) ? value_none() : future_result(fut);    \
    } while (0)

// `result = await fut`: as AWAIT_TRY, but an error is raised out of this coroutine
// (GEN_RAISE(value_int(error))), so it propagates to whoever awaits this one.
#define AWAIT(fut, result)                                         \
    do {                                                           \
        int await_error_;                                          \
        AWAIT_TRY(fut, result, await_error_);                      \
        if (await_error_ != 0)                                     \
            GEN_RAISE(value_int(await_error_));                    \
    } while (0)

// `await asyncio.sleep(delay)`, catching: suspends for delay_ns on the loop's clock
// (0: one turn of the loop, to let the others run); error is 0, or ECANCELED if
// cancelled meanwhile.
#define AWAIT_SLEEP_TRY(delay_ns, error)                           \
    do {                                                           \
        GEN_YIELD(value_int(delay_ns));                            \
        (error) = coro_wake_error(sent);                           \
    } while (0)

// `await asyncio.sleep(delay)`: a cancel raises ECANCELED out of this coroutine.
#define AWAIT_SLEEP(delay_ns)                                      \
    do {                                                           \
        int await_error_;                                          \
        AWAIT_SLEEP_TRY(delay_ns, await_error_);                   \
        if (await_error_ != 0)                                     \
            GEN_RAISE(value_int(await_error_));                    \
    } while (0)

// `result = await coro()` for another coroutine: runs the generator *inner (a
// coroutine body with its own frame, both in this frame; gen_init it first) inside
// this task by delegation (GEN_YIELD_FROM): what it awaits, this task awaits. Its
// return value lands in result; if it raises, this coroutine raises the same error (to
// catch it, run it as a task and AWAIT_TRY).
#define AWAIT_CORO(inner, result) GEN_YIELD_FROM(inner, result)
// [/await_macros]

#endif
