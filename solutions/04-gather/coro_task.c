#include "coro_task.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

// A task's memory: malloc's; in the optional part, bulk_memory.h's (huge pages).
#ifdef LAB04_BULK_MEMORY
#include "bulk_memory.h"
#define task_alloc bulk_task_alloc
#define task_release bulk_task_free
#else
#define task_alloc malloc
#define task_release free
#endif

static void task_step(void *arg);

// The task's future's cancel hook.
static int cancel_task(struct future *f)
{
    return coro_task_cancel((struct coro_task *)f);
}

struct coro_task *coro_task_create(struct loop *loop, gen_body_fn *body,
                                   const void *frame_init, size_t frame_size)
{
    struct coro_task *t = task_alloc(sizeof *t + frame_size);
    if (t == NULL)
        return NULL;
    future_init(&t->future, loop);
    future_set_cancel(&t->future, cancel_task);
    t->wait = CORO_TASK_SCHEDULED;
    t->on.wake_error = 0;
    gen_init(&t->gen, body, t->frame);
    if (frame_init != NULL)
        memcpy(t->frame, frame_init, frame_size);
    else
        memset(t->frame, 0, frame_size);
    // Not now: the creator carries on first, and the task starts on the next turn.
    if (loop_call_soon(loop, task_step, t) < 0) {
        task_release(t);
        return NULL;
    }
    trace_task_created(loop, t);
    return t;
}

void *coro_task_frame(struct coro_task *t)
{
    return t->frame;
}

struct future *coro_task_future(struct coro_task *t)
{
    return &t->future;
}

// Queues the task's next step, which will send wake_error.
static int task_schedule(struct coro_task *t, int wake_error)
{
    t->wait = CORO_TASK_SCHEDULED;
    t->on.wake_error = wake_error;
    return loop_call_soon(t->future.loop, task_step, t);
}

// The coroutine has ended: the task's future completes with its outcome.
static void task_finish(struct coro_task *t, struct value result, int error)
{
    t->wait = CORO_TASK_FINISHED;
    trace_task_event(t->future.loop, t, error ? "raise" : "finish");
    if (error)
        future_set_error(&t->future, error);
    else
        future_set_result(&t->future, result);
}

// The done callback a task adds to the future it awaits: resume right away (this
// already runs on a turn of the loop, through the future's call_soon).
static void task_wakeup(struct future *f, void *arg)
{
    (void)f;
    struct coro_task *t = arg;
    trace_task_event(t->future.loop, t, "wake");
    task_step(t);
}

// The timer of a sleep.
static void task_sleep_over(void *arg)
{
    struct coro_task *t = arg;
    trace_task_event(t->future.loop, t, "wake");
    task_step(t);
}

// [task_park]
// The coroutine yielded `request`: arrange for the next step. Returns 0, or a
// negative errno to end the task with.
static int task_park(struct coro_task *t, struct value request)
{
    struct loop *loop = t->future.loop;
    /* BEGIN SOLUTION */
    if (request.kind == VALUE_PTR && request.as.p != NULL) {
        struct future *fut = request.as.p;
        if (future_done(fut)) // nothing to wait for: carry on next turn
            return task_schedule(t, 0);
        int rc = future_add_done_callback(fut, task_wakeup, t);
        if (rc < 0)
            return rc;
        t->wait = CORO_TASK_AWAITING;
        t->on.awaiting = fut;
        return 0;
    }
    if (request.kind == VALUE_INT && request.as.i > 0) {
        int64_t timer = loop_call_later(loop, request.as.i, task_sleep_over, t);
        if (timer < 0)
            return (int)timer;
        t->wait = CORO_TASK_SLEEPING;
        t->on.timer = timer;
        return 0;
    }
    if (request.kind == VALUE_INT || request.kind == VALUE_NONE) // sleep(0), or a bare yield:
        return task_schedule(t, 0);             // step aside for one turn
    return -EINVAL; // asyncio: "Task got bad yield"
    /* BEGIN STUB
    // TODO(lab 04): arrange the task's next step from what its coroutine yielded (a
    // future, a sleep, a turn aside): one step, once that is over; else an error.
    // Chapter 4, "What you write"; hints: #hints-task-park.
    (void)loop, (void)request, (void)task_wakeup, (void)task_sleep_over;
    return -ENOSYS;
    END STUB */
}
// [/task_park]

// [task_step]
// Runs the coroutine to its next await, return or raise.
static void task_step(void *arg)
{
    struct coro_task *t = arg;
    struct loop *loop = t->future.loop;
    // Woken by what it awaited, or by its timer: nothing to report. Queued by
    // task_schedule: a cancel may be on its way in.
    int wake_error = t->wait == CORO_TASK_SCHEDULED ? t->on.wake_error : 0;
    t->wait = CORO_TASK_SCHEDULED;
    t->on.wake_error = 0;
    if (t->gen.state == GEN_CREATED && wake_error != 0) {
        // Cancelled before it ever ran: the body never starts (Python throws
        // CancelledError into it at its first line; we cannot throw, so we close it).
        gen_close(&t->gen);
        task_finish(t, value_none(), wake_error);
        return;
    }
    struct value out;
    int64_t start_ns = trace_run_begin(loop);
    /* BEGIN SOLUTION */
    // A new generator accepts only None; after that each resume sends the wake error.
    struct value sent = t->gen.state == GEN_CREATED ? value_none() : value_int(wake_error);
    enum gen_status status = gen_send(&t->gen, sent, &out);
    trace_run_end(loop, t, start_ns);
    if (status == GEN_YIELDED) {
        int rc = task_park(t, out);
        if (rc == 0) {
            trace_task_event(loop, t, t->wait == CORO_TASK_SCHEDULED ? "yield" : "await");
            return;
        }
        gen_close(&t->gen);
        task_finish(t, value_none(), -rc); // a future stores its error positive
    } else if (status == GEN_RETURNED) {
        task_finish(t, out, 0);
    } else {
        // GEN_RAISE(value_int(code)) carries an errno-style code; anything else is a bug in
        // the coroutine (EINVAL).
        int error = out.kind == VALUE_INT && out.as.i > 0 ? (int)out.as.i : EINVAL;
        task_finish(t, value_none(), error);
    }
    /* BEGIN STUB
    // TODO(lab 04): resume the coroutine with the reason it woke up, then park the
    // task at its next await, or finish it with what it returned or raised.
    // Chapter 4, "What you write"; hints: #hints-task-step.
    (void)out, (void)task_park;
    trace_run_end(loop, t, start_ns);
    task_finish(t, value_none(), ENOSYS);
    END STUB */
}
// [/task_step]

// [coro_task_cancel]
int coro_task_cancel(struct coro_task *t)
{
    /* BEGIN SOLUTION */
    switch ((enum coro_task_wait)t->wait) {
    case CORO_TASK_FINISHED:
        return -EALREADY;
    case CORO_TASK_AWAITING:
        // Cancel what it awaits: it wakes up seeing ECANCELED. If that future is done already,
        // its callbacks (our wakeup among them) are queued: the wakeup carries the cancel.
        if (future_cancel(t->on.awaiting) < 0) {
            t->wait = CORO_TASK_SCHEDULED;
            t->on.wake_error = ECANCELED;
        }
        return 0;
    case CORO_TASK_SLEEPING:
        // Stop the timer and resume now. If the timer has fired, its wakeup is queued already:
        // queueing a second step would resume the coroutine twice, so let that one carry it.
        if (loop_cancel_timer(t->future.loop, t->on.timer) == 0)
            return task_schedule(t, ECANCELED);
        t->wait = CORO_TASK_SCHEDULED;
        t->on.wake_error = ECANCELED;
        return 0;
    case CORO_TASK_SCHEDULED:
        t->on.wake_error = ECANCELED; // its step is queued already
        return 0;
    }
    return 0;
    /* BEGIN STUB
    // TODO(lab 04): make the task wake up with ECANCELED from wherever it waits, with
    // exactly one step queued for it, never two; a finished task is -EALREADY.
    // Chapter 4, "What you write"; hints: #hints-task-cancel.
    (void)t, (void)task_schedule;
    return -ENOSYS;
    END STUB */
}
// [/coro_task_cancel]

int coro_task_free(struct coro_task *t)
{
    if (t == NULL)
        return 0;
    if (t->wait != CORO_TASK_FINISHED ||
        future_callbacks_pending(&t->future))
        return -EBUSY;
    task_release(t);
    return 0;
}

static void free_task(void *arg)
{
    task_release(arg);
}

// A detached task's done callback: free it on the next turn, after the
// callbacks delivered with this one (freeing it here would pull the future out
// from under the delivery).
static void free_when_done(struct future *f, void *arg)
{
    (void)arg;
    if (loop_call_soon(f->loop, free_task, f) < 0) {
        // Out of memory: leaking the task is the only safe choice left.
    }
}

int coro_task_detach(struct coro_task *t)
{
    return future_add_done_callback(&t->future, free_when_done, NULL);
}
