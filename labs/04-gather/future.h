// future: a result that is not there yet - Python's asyncio.Future.
//
// A future starts pending and is completed exactly once: with a result (a struct
// value), with an error (a positive errno-style code such as ETIMEDOUT), or by being
// cancelled (the error ECANCELED). Whoever waits for it registers a done callback. The
// callbacks never run inside future_set_result and its siblings: completing a future
// schedules them with the loop's call_soon, so they run on a later turn of the loop,
// in the order they were added. That way completing a future never re-enters the code
// that is waiting for it.
//
// Memory: a future is 56 bytes (48 with -DLAB04_FAST) and allocates nothing while it
// has at most one callback (the usual case: one task awaits it); with two or more,
// each costs one small allocation, freed when it runs or is removed. The struct is
// public so it can be embedded (tasks, gather and wait embed one as their first
// member); its owner frees the memory around it, and must not do so while a callback
// is still scheduled to run (future_callbacks_pending says whether one is).
#ifndef FUTURE_H
#define FUTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "lab04_fast.h"
#include "value.h"

struct loop;
struct future;

// A done callback: called with the future that completed and the arg given with it.
// It may add callbacks to other futures or complete them, but must not free the
// future it is given.
typedef void future_callback_fn(struct future *f, void *arg);

// A callback in the list a future keeps once it has two or more.
struct future_callback {
    future_callback_fn *fn;
    void *arg;
    struct future_callback *next;
};

// How a future cancels the work behind it (a task's coroutine, a gather's children,
// lab 05's socket wait): set by whoever will complete the future, called by
// future_cancel while the future is pending. Returns 0, or a negative errno. A future
// without one is plain: a cancel completes it with ECANCELED at once.
typedef int future_cancel_fn(struct future *f);

#ifndef LAB04_SMALL_FUTURE
// [future_struct]
struct future {
    struct loop *loop;   // whose call_soon runs the done callbacks
    struct value result; // valid once done with error == 0
    // The callbacks: none (NULL), one (fn and arg right here: no allocation for the
    // usual single waiter), or several: then callback is future_run_callback_list and
    // callback_arg the list.
    future_callback_fn *callback;
    void *callback_arg;
    future_cancel_fn *cancel; // NULL: a plain future (future_set_cancel)
    int error;               // 0 while pending or done with a result; else the
                             // error (ECANCELED...)
    bool done;
    bool delivery_scheduled; // a call_soon of the callbacks is queued
                             // and has not run yet
};
// [/future_struct]
#else
// [future_struct_fast]
// The optional part: 48 bytes. The 8-byte hook becomes a byte that indexes a table
// of hooks (future.c), and the padding left over holds a byte for the owner.
struct future {
    struct loop *loop;
    struct value result;
    future_callback_fn *callback;
    void *callback_arg;
    int error;
    bool done;
    bool delivery_scheduled;
    uint8_t cancel_index; // the cancel hook: cancel_hooks[cancel_index] (0: none)
    uint8_t owner_byte;   // free for whoever embeds the future (a task's state)
};
// [/future_struct_fast]
#endif

// Makes f a pending plain future whose callbacks run on loop.
void future_init(struct future *f, struct loop *loop);

// Gives f a cancel hook: future_cancel(f) will call cancel(f) instead of completing f
// at once. Whoever completes f (a task, a gather) sets it right after future_init.
void future_set_cancel(struct future *f, future_cancel_fn *cancel);

// Completes f with the result v and schedules its callbacks. Returns 0, or -EINVAL if
// f is already done (asyncio's InvalidStateError), or -ENOMEM if the loop could not
// queue the callbacks (f is done anyway).
int future_set_result(struct future *f, struct value v);

// Completes f with error (> 0, a positive errno: see future_error), as
// future_set_result. -EINVAL also for error <= 0.
int future_set_error(struct future *f, int error);

// Cancels f: for a plain future, it completes with ECANCELED at once. For one with a
// cancel hook (a task, gather or wait), it asks what is behind it to stop (see
// coro_task_cancel, gather.h, async_wait.h): the future completes later, when that has
// happened. Returns 0, the hook's negative errno, or -EALREADY when f is already done
// (nothing to cancel).
int future_cancel(struct future *f);

// Whether f has completed (with a result, an error or by cancellation).
bool future_done(const struct future *f);

// Whether f was cancelled: done with ECANCELED.
bool future_cancelled(const struct future *f);

// f's result: value_none() while f is pending or when it failed.
struct value future_result(const struct future *f);

// f's error: 0 while pending or when it succeeded; ECANCELED when cancelled. A stored
// error is a positive errno, unlike a returned one: it is a fact about f, not a
// return value, so 0 can mean "none" and a test reads `if (future_error(f))`.
int future_error(const struct future *f);

// Adds a done callback: fn(f, arg) runs on a later turn of the loop once f is done -
// also when f is already done. Returns 0, or -ENOMEM.
int future_add_done_callback(struct future *f, future_callback_fn *fn, void *arg);

// Removes every callback added with this fn and arg that has not run yet.
// Returns how many.
int future_remove_done_callback(struct future *f, future_callback_fn *fn, void *arg);

// Whether f still has callbacks that have not run: f must stay alive
// until this is false.
bool future_callbacks_pending(const struct future *f);

// The callback that stands for a list of them (callback_arg is the first
// struct future_callback).
void future_run_callback_list(struct future *f, void *list);

// Frees the extra callbacks a future still holds (its callbacks will not run).
// For a future that is abandoned while pending; a future whose callbacks have
// run holds nothing.
void future_discard_callbacks(struct future *f);

#endif
