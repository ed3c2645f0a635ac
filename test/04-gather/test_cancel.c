// cancel: cancelling a task that awaits something other than a sleep - a plain future, a
// gather, another task. The cancel must reach what the task awaits (asyncio's Task.cancel
// cancels the future it waits on), so nothing is left running behind a cancelled task.
#include <errno.h>
#include <string.h>

#include "clock.h"
#include "gather.h"
#include "labtest.h"
#include "looptest.h"

LAB_SUITE(cancel, 15);

// async def awaiter(fut): await fut; return 7
struct awaiter_frame {
    struct future *fut;
    struct value result;
};

static enum gen_status awaiter_coro(struct gen *g, struct value sent, struct value *out)
{
    struct awaiter_frame *f = g->frame;
    GEN_BEGIN;
    AWAIT(f->fut, f->result);
    GEN_RETURN(value_int(7));
    GEN_END;
}

static struct coro_task *make_awaiter(struct loop *loop, struct future *fut)
{
    struct awaiter_frame frame = {.fut = fut};
    return start_task(loop, awaiter_coro, &frame, sizeof frame);
}

// async def stubborn(delay): try: await sleep(delay) except CancelledError: return ECANCELED
// (swallows the cancel and returns normally; returns 0 when its sleep ran out).
struct stubborn_frame {
    int64_t delay_ns;
    int error;
};

static enum gen_status stubborn_coro(struct gen *g, struct value sent, struct value *out)
{
    struct stubborn_frame *f = g->frame;
    GEN_BEGIN;
    AWAIT_SLEEP_TRY(f->delay_ns, f->error);
    GEN_RETURN(value_int(f->error));
    GEN_END;
}

static void run_turns(struct loop *loop, int turns)
{
    for (int i = 0; i < turns; i++) {
        int rc = loop_run_once(loop);
        cr_assert(rc == 0, "loop_run_once returned %d (%s)", rc, error_name(rc));
    }
}

static void expect_cancelled_task(struct coro_task *t, const char *what)
{
    cr_assert(future_error(&t->future) == ECANCELED, "a cancelled task that awaited %s ended with error %d (%s) "
              "and result %lld, not ECANCELED", what, future_error(&t->future), strerror(future_error(&t->future)),
              (long long)future_result(&t->future).as.i);
}

Test(cancel, cancelling_a_task_that_awaits_a_plain_future_cancels_that_future)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct future fut;
    future_init(&fut, &loop);
    struct coro_task *t = make_awaiter(&loop, &fut);
    run_turns(&loop, 1); // it awaits fut
    int rc = coro_task_cancel(t);
    cr_assert(rc == 0, "coro_task_cancel of a task awaiting a future returned %d (%s)", rc, error_name(rc));
    run_until_done(&loop, &t->future);
    expect_cancelled_task(t, "a plain future");
    cr_assert(future_cancelled(&fut), "the cancelled task ended, but the future it awaited is still %s: "
              "coro_task_cancel must cancel what the task awaits (future_cancel(t->on.awaiting)), which "
              "wakes the task with ECANCELED", future_done(&fut) ? "done without ECANCELED" : "pending");

    // The future it awaits has just completed: the task's wakeup is queued, the cancel still wins.
    struct future done;
    future_init(&done, &loop);
    struct coro_task *late = make_awaiter(&loop, &done);
    run_turns(&loop, 1);
    rc = future_set_result(&done, value_int(5));
    cr_assert(rc == 0, "future_set_result returned %d (%s)", rc, error_name(rc));
    cr_assert(!future_done(&late->future), "the task finished inside future_set_result of the future it "
              "awaited: a future's done callbacks run on a later turn of the loop (loop_call_soon), never "
              "inside future_set_result");
    rc = coro_task_cancel(late);
    cr_assert(rc == 0, "coro_task_cancel of a task whose future just completed returned %d (%s): it is not "
              "finished yet", rc, error_name(rc));
    run_until_done(&loop, &late->future);
    cr_assert(future_error(&late->future) == ECANCELED, "a task cancelled after the future it awaited completed, "
              "but before it woke, ended with error %d and result %lld: the cancel was lost. When "
              "future_cancel fails (the future is done, the wakeup is queued), make that wakeup carry the "
              "cancel (task_wait = CORO_TASK_SCHEDULED, on.wake_error = ECANCELED)", future_error(&late->future),
              (long long)future_result(&late->future).as.i);
    struct coro_task *tasks[2] = {t, late};
    free_tasks(tasks, 2);
    loop_close(&loop);
}

Test(cancel, cancelling_a_task_that_awaits_a_gather_cancels_the_gather_and_its_children)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    enum { N = 3 };
    struct coro_task *children[N];
    struct future *futures[N];
    for (int i = 0; i < N; i++) {
        struct stubborn_frame frame = {.delay_ns = 1000 * NS_PER_MS};
        children[i] = start_task(&loop, stubborn_coro, &frame, sizeof frame);
        futures[i] = &children[i]->future;
    }
    struct gather *g = gather_create(&loop, futures, N);
    cr_assert(g != NULL, "gather_create returned NULL");
    struct coro_task *t = make_awaiter(&loop, &g->future);
    run_turns(&loop, 1); // the children sleep, t awaits the gather
    int64_t start_ns = clock.now_ns;
    int rc = coro_task_cancel(t);
    cr_assert(rc == 0, "coro_task_cancel of a task awaiting a gather returned %d (%s)", rc, error_name(rc));
    run_until_done(&loop, &t->future);
    cr_assert(future_done(&g->future), "the cancelled task ended, but the gather it awaited is still pending: "
              "coro_task_cancel must cancel what the task awaits (future_cancel cancels a gather)");
    for (int i = 0; i < N; i++)
        cr_assert(future_done(futures[i]) && future_result(futures[i]).as.i == ECANCELED, "child %d of the "
                  "gather was not cancelled (done: %d, result %lld): cancelling a gather cancels its children", i,
                  future_done(futures[i]), (long long)future_result(futures[i]).as.i);
    cr_assert(future_cancelled(&g->future), "the gather ended with error %d, not ECANCELED: its children "
              "swallowed the cancel and returned normally, but a gather that was cancelled reports the cancel "
              "(gather_cancel remembers it in cancel_requested)", future_error(&g->future));
    expect_cancelled_task(t, "a gather");
    cr_assert(clock.now_ns - start_ns < 1000 * NS_PER_MS, "the children still slept their full time");
    gather_free(g);
    free_tasks(children, N);
    free_tasks(&t, 1);
    loop_close(&loop);
}

Test(cancel, cancelling_a_task_that_awaits_another_task_cancels_that_task)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    struct coro_task *inner = make_sleeper(&loop, 1, 1000 * NS_PER_MS, &log);
    struct coro_task *outer = make_awaiter(&loop, &inner->future);
    run_turns(&loop, 1); // inner sleeps, outer awaits it
    int64_t start_ns = clock.now_ns;
    int rc = coro_task_cancel(outer);
    cr_assert(rc == 0, "coro_task_cancel of a task awaiting a task returned %d (%s)", rc, error_name(rc));
    run_until_done(&loop, &outer->future);
    cr_assert(future_done(&inner->future), "the cancelled task ended, but the task it awaited still runs: "
              "coro_task_cancel must cancel what the task awaits (future_cancel cancels a task)");
    cr_assert(future_error(&inner->future) == ECANCELED && log.count == 0, "the awaited task ended with error %d "
              "after %s its sleep: it should have been cancelled at its await", future_error(&inner->future),
              log.count ? "finishing" : "leaving");
    expect_cancelled_task(outer, "another task");
    cr_assert(clock.now_ns - start_ns < 1000 * NS_PER_MS, "the awaited task still slept its full time");
    struct coro_task *tasks[2] = {inner, outer};
    free_tasks(tasks, 2);
    loop_close(&loop);
}
