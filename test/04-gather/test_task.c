// task: a task drives a coroutine - when it starts, how it awaits, how errors and cancels reach it.
#include <errno.h>
#include <string.h>

#include "clock.h"
#include "coro_task.h"
#include "gather.h"
#include "labtest.h"
#include "looptest.h"

LAB_SUITE(task, 15);

// async def parent(log): log 1; child = create_task(logger(3)); log 2; await sleep(0); log 4; await child
struct parent_frame {
    struct loop *loop;
    struct run_log *log;
    struct coro_task *child;
    struct value ignored;
};

struct logger_frame {
    struct run_log *log;
    int entry;
};

static enum gen_status logger_coro(struct gen *g, struct value sent, struct value *out)
{
    struct logger_frame *f = g->frame;
    GEN_BEGIN;
    log_add(f->log, f->entry);
    GEN_RETURN(value_int(f->entry));
    GEN_END;
}

static enum gen_status parent_coro(struct gen *g, struct value sent, struct value *out)
{
    struct parent_frame *f = g->frame;
    GEN_BEGIN;
    log_add(f->log, 1);
    f->child = coro_task_create(f->loop, logger_coro, &(struct logger_frame){f->log, 3}, sizeof(struct logger_frame));
    if (f->child == NULL)
        GEN_RAISE(value_int(ENOMEM));
    log_add(f->log, 2);
    AWAIT_SLEEP(0);
    log_add(f->log, 4);
    AWAIT(&f->child->future, f->ignored);
    GEN_RETURN(value_none());
    GEN_END;
}

Test(task, a_task_created_inside_a_task_starts_on_the_next_turn)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    struct parent_frame frame = {.loop = &loop, .log = &log};
    struct coro_task *parent = start_task(&loop, parent_coro, &frame, sizeof frame);
    cr_assert(log.count == 0, "the coroutine ran inside coro_task_create; a new task first runs on the next turn");
    run_until_done(&loop, &parent->future);
    expect_log(&log, (int[]){1, 2, 3, 4}, 4, "parent creates child, then sleeps 0: the child runs before the "
               "parent resumes");
    struct parent_frame *f = coro_task_frame(parent);
    struct coro_task *tasks[2] = {f->child, parent};
    free_tasks(tasks, 2);
    loop_close(&loop);
}

// async def spinner(n): for i in range(n): await sleep(0)
struct spinner_frame {
    int64_t i, n;
};

static enum gen_status spinner_coro(struct gen *g, struct value sent, struct value *out)
{
    struct spinner_frame *f = g->frame;
    GEN_BEGIN;
    for (f->i = 0; f->i < f->n; f->i++)
        AWAIT_SLEEP(0);
    GEN_RETURN(value_int(f->i));
    GEN_END;
}

Test(task, sleep_0_yields_exactly_one_turn_and_a_spinning_coroutine_does_not_starve_a_timer)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    clock.poll_cost_ns = NS_PER_MS; // time passes even while the loop never blocks
    struct coro_task *spinner = start_task(&loop, spinner_coro, &(struct spinner_frame){0, 1000000},
                                           sizeof(struct spinner_frame));
    struct run_log log = {0};
    struct coro_task *sleeper = make_sleeper(&loop, 7, 0, &log); // sleep(0) too: due on turn 2
    struct coro_task *timed = make_sleeper(&loop, 8, 5 * NS_PER_MS, &log);
    int turns = 0;
    for (; turns < 100 && log.count < 2; turns++)
        run_one_turn(&loop);
    struct spinner_frame *sf = coro_task_frame(spinner);
    cr_assert(log.count == 2, "a coroutine looping on sleep(0) starved the others: after 100 turns the 5 ms "
              "sleeper had not finished. A callback queued during a turn must wait for the next turn.");
    cr_assert(sf->i == turns - 1, "after %d turns the spinner had done %lld sleep(0)s; it should do one per turn "
              "after its first (sleep(0) = loop_call_soon, exactly one turn)", turns, (long long)sf->i);
    coro_task_cancel(spinner);
    run_until_done(&loop, &spinner->future);
    struct coro_task *tasks[3] = {spinner, sleeper, timed};
    free_tasks(tasks, 3);
    loop_close(&loop);
}

Test(task, cancelling_a_sleeping_task_wakes_it_with_ecanceled)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    struct coro_task *t = make_sleeper(&loop, 1, 1000 * NS_PER_MS, &log);
    run_one_turn(&loop); // now it sleeps
    int64_t start_ns = clock.now_ns;
    int rc = coro_task_cancel(t);
    cr_assert(rc == 0, "coro_task_cancel of a sleeping task returned %d (%s); it should return 0", rc,
              error_name(rc));
    run_until_done(&loop, &t->future);
    cr_assert(future_error(&t->future) == ECANCELED, "a cancelled task should end with ECANCELED, not %d (%s)",
              future_error(&t->future), strerror(future_error(&t->future)));
    cr_assert(log.count == 0, "the sleeper carried on after its await: the cancel must raise out of AWAIT_SLEEP");
    cr_assert(clock.now_ns - start_ns < 1000 * NS_PER_MS, "the cancelled task still waited out its sleep "
              "(%.0f ms): cancel the timer and resume it now", ns_as_ms(clock.now_ns - start_ns));
    rc = coro_task_cancel(t);
    cr_assert(rc == -EALREADY, "cancelling a finished task returned %d (%s); it should return -EALREADY", rc,
              error_name(rc));
    free_tasks(&t, 1);
    loop_close(&loop);
}

// async def catcher(fut): try: await fut except: return error + 1000
struct catcher_frame {
    struct future *fut;
    struct value result;
    int error;
};

static enum gen_status catcher_coro(struct gen *g, struct value sent, struct value *out)
{
    struct catcher_frame *f = g->frame;
    GEN_BEGIN;
    AWAIT_TRY(f->fut, f->result, f->error);
    GEN_RETURN(value_int(f->error + 1000));
    GEN_END;
}

Test(task, an_awaited_error_propagates_and_await_try_catches_it)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct coro_task *failer = start_task(&loop, failer_coro, &(struct failer_frame){ECONNREFUSED, 0},
                                          sizeof(struct failer_frame));
    struct future fut;
    future_init(&fut, &loop);
    struct coro_task *catcher = start_task(&loop, catcher_coro, &(struct catcher_frame){.fut = &fut},
                                           sizeof(struct catcher_frame));
    run_until_done(&loop, &failer->future);
    cr_assert(future_error(&failer->future) == ECONNREFUSED, "a coroutine that raised ECONNREFUSED left its task "
              "with error %d (%s)", future_error(&failer->future), strerror(future_error(&failer->future)));
    future_set_error(&fut, ETIMEDOUT);
    run_until_done(&loop, &catcher->future);
    cr_assert(future_error(&catcher->future) == 0 && future_result(&catcher->future).as.i == 1000 + ETIMEDOUT,
              "AWAIT_TRY on a future that failed with ETIMEDOUT should store the error and carry on (the task "
              "returned %lld, error %d)", (long long)future_result(&catcher->future).as.i,
              future_error(&catcher->future));
    struct coro_task *tasks[2] = {failer, catcher};
    free_tasks(tasks, 2);
    loop_close(&loop);
}

// async def outer(): a = await add_later(1, 2); b = await add_later(a, 10); return b  (delegation)
struct add_frame {
    int64_t a, b;
};

static enum gen_status add_later_coro(struct gen *g, struct value sent, struct value *out)
{
    struct add_frame *f = g->frame;
    GEN_BEGIN;
    AWAIT_SLEEP(10 * NS_PER_MS);
    GEN_RETURN(value_int(f->a + f->b));
    GEN_END;
}

struct outer_frame {
    struct gen inner;
    struct add_frame inner_frame;
    struct value a, b;
};

static enum gen_status outer_coro(struct gen *g, struct value sent, struct value *out)
{
    struct outer_frame *f = g->frame;
    GEN_BEGIN;
    f->inner_frame = (struct add_frame){1, 2};
    gen_init(&f->inner, add_later_coro, &f->inner_frame);
    AWAIT_CORO(&f->inner, f->a);
    f->inner_frame = (struct add_frame){f->a.as.i, 10};
    gen_init(&f->inner, add_later_coro, &f->inner_frame);
    AWAIT_CORO(&f->inner, f->b);
    GEN_RETURN(f->b);
    GEN_END;
}

Test(task, awaiting_a_coroutine_runs_it_inside_the_task_and_returns_its_value)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    int64_t start_ns = clock.now_ns;
    struct coro_task *t = start_task(&loop, outer_coro, NULL, sizeof(struct outer_frame));
    run_until_done(&loop, &t->future);
    cr_assert(future_error(&t->future) == 0 && future_result(&t->future).as.i == 13,
              "two delegated awaits should return 13; got %lld (error %d)",
              (long long)future_result(&t->future).as.i, future_error(&t->future));
    cr_assert(clock.now_ns - start_ns == 20 * NS_PER_MS, "two 10 ms sleeps awaited in a row took %.1f ms of "
              "virtual time, not 20", ns_as_ms(clock.now_ns - start_ns));
    free_tasks(&t, 1);
    loop_close(&loop);
}
