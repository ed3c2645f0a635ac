// executor: blocking work on worker threads, results back on the loop's thread.
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "dispatchtest.h"
#include "executor.h"
#include "labtest.h"

LAB_SUITE(executor, 20);

struct fixture {
    struct reactor reactor;
    struct loop loop;
    struct executor ex;
};

static void start(struct fixture *fx, size_t n_threads)
{
    cr_assert(reactor_init(&fx->reactor) == 0, "reactor_init failed");
    loop_init(&fx->loop, &fx->reactor.backend);
    int rc = executor_init(&fx->ex, &fx->loop, n_threads);
    cr_assert(rc == 0, "executor_init returned %d (%s)", rc, error_name(rc));
}

static void stop(struct fixture *fx)
{
    executor_shutdown(&fx->ex);
    for (int i = 0; i < 8 && fx->loop.ready_count > 0; i++) // the futures' last callbacks
        loop_run_once(&fx->loop);
    loop_close(&fx->loop);
    reactor_close(&fx->reactor);
}

static void stop_loop(void *arg)
{
    loop_stop(arg);
}

// Runs the loop until fut is done, or limit_ms has passed (then the test fails).
static void run_until_done(struct fixture *fx, struct future *fut, int64_t limit_ms,
                           const char *what)
{
    int64_t guard = loop_call_later(&fx->loop, scaled_ms(limit_ms) * 1000000, stop_loop, &fx->loop);
    int rc = loop_run_until_complete(&fx->loop, fut);
    loop_cancel_timer(&fx->loop, guard);
    cr_assert(rc == 0 && future_done(fut), "%s: not done after %lld ms (loop_run_until_complete "
              "returned %d, %s): did the worker write the eventfd, and did executor_deliver "
              "complete the future?", what, (long long)scaled_ms(limit_ms), rc, error_name(rc));
}

struct call {
    int64_t value, sleep_ms;
    pthread_t ran_on;
    atomic_int runs;
};

static int64_t echo(void *arg)
{
    struct call *c = arg;
    c->ran_on = pthread_self();
    atomic_fetch_add(&c->runs, 1);
    if (c->sleep_ms > 0) {
        struct timespec ts = {.tv_sec = c->sleep_ms / 1000, .tv_nsec = c->sleep_ms % 1000 * 1000000};
        while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR) {
        }
    }
    return c->value;
}

// Waits until every one of the n calls has started on a worker (at most limit_ms, scaled).
static void wait_until_running(struct call *calls, int n, int64_t limit_ms, const char *what)
{
    int64_t give_up = test_now_ns() + scaled_ms(limit_ms) * 1000000;
    for (int i = 0; i < n; i++) {
        while (atomic_load(&calls[i].runs) == 0 && test_now_ns() < give_up) {
            struct timespec ms = {.tv_nsec = 1000000};
            nanosleep(&ms, NULL);
        }
        cr_assert(atomic_load(&calls[i].runs) > 0, "%s: no worker started it within %lld ms: "
                  "an idle worker must take a queued job as soon as it is signalled", what,
                  (long long)scaled_ms(limit_ms));
    }
}

struct seen {
    pthread_t thread;
    int calls;
};

static void note_thread(struct future *f, void *arg)
{
    (void)f;
    struct seen *s = arg;
    s->thread = pthread_self();
    s->calls++;
}

static void submit_ok(struct fixture *fx, struct executor_job *job, executor_fn *fn, void *arg)
{
    int rc = executor_submit(&fx->ex, job, fn, arg);
    cr_assert(rc == 0, "executor_submit returned %d (%s)", rc, error_name(rc));
}

Test(executor, the_function_runs_on_a_worker_and_the_future_completes_on_the_loops_thread)
{
    struct fixture fx;
    start(&fx, 2);
    struct call c = {.value = 42};
    struct executor_job job;
    struct seen seen = {0};
    submit_ok(&fx, &job, echo, &c);
    future_add_done_callback(&job.future, note_thread, &seen);
    run_until_done(&fx, &job.future, 2000, "one job");
    for (int i = 0; i < 3 && seen.calls == 0 && fx.loop.ready_count > 0; i++)
        loop_run_once(&fx.loop);
    cr_assert(!pthread_equal(c.ran_on, pthread_self()), "the job ran on the loop's thread: a "
              "worker must run it");
    cr_assert(future_error(&job.future) == 0 && future_result(&job.future).as.i == 42,
              "the future holds %lld (error %s), expected 42",
              (long long)future_result(&job.future).as.i, error_name(future_error(&job.future)));
    cr_assert(seen.calls == 1 && pthread_equal(seen.thread, pthread_self()), "the future's "
              "callback ran %d times, %s: futures are completed on the loop's thread only",
              seen.calls, seen.calls ? "on another thread" : "never");
    stop(&fx);
}

Test(executor, a_negative_result_completes_the_future_with_that_error)
{
    struct fixture fx;
    start(&fx, 1);
    struct call c = {.value = -EIO};
    struct executor_job job;
    submit_ok(&fx, &job, echo, &c);
    run_until_done(&fx, &job.future, 2000, "a job that returns -EIO");
    cr_assert(future_error(&job.future) == EIO, "a job returned -EIO; its future's error is "
              "%d (%s), expected EIO (a future stores a positive errno)",
              future_error(&job.future), error_name(future_error(&job.future)));
    stop(&fx);
}

Test(executor, a_thousand_queued_jobs_all_complete)
{
    enum { N = 1000 };
    struct fixture fx;
    start(&fx, 4);
    static struct call calls[N];
    static struct executor_job jobs[N];
    for (int i = 0; i < N; i++) {
        calls[i] = (struct call){.value = i};
        submit_ok(&fx, &jobs[i], echo, &calls[i]);
    }
    for (int i = 0; i < N; i++) {
        run_until_done(&fx, &jobs[i].future, 5000, "one of 1000 queued jobs");
        cr_assert(future_result(&jobs[i].future).as.i == i, "job %d's future holds %lld", i,
                  (long long)future_result(&jobs[i].future).as.i);
    }
    stop(&fx);
}

Test(executor, cancelling_a_queued_job_completes_it_with_ecanceled_and_it_never_runs)
{
    struct fixture fx;
    start(&fx, 1);
    struct call slow = {.value = 1, .sleep_ms = scaled_ms(100)}, queued = {.value = 2},
                awaited = {.value = 4}, after = {.value = 3};
    struct executor_job jobs[4];
    submit_ok(&fx, &jobs[0], echo, &slow);
    submit_ok(&fx, &jobs[1], echo, &queued);
    submit_ok(&fx, &jobs[2], echo, &awaited);
    submit_ok(&fx, &jobs[3], echo, &after);
    wait_until_running(&slow, 1, 1000, "a slow job for one worker");
    int rc = executor_cancel(&fx.ex, &jobs[0]);
    cr_assert(rc == -EBUSY, "executor_cancel of a job a worker is running returned %d (%s), "
              "expected -EBUSY: only a queued job can be cancelled", rc, error_name(rc));
    rc = executor_cancel(&fx.ex, &jobs[1]);
    cr_assert(rc == 0, "executor_cancel of a job still queued behind a slow one returned %d "
              "(%s), expected 0", rc, error_name(rc));
    cr_assert(future_cancelled(&jobs[1].future), "a cancelled job's future must be done with "
              "ECANCELED at once");
    // What a task cancelled while it awaits the job does: its future's hook cancels the job.
    rc = future_cancel(&jobs[2].future);
    cr_assert(rc == 0 && future_cancelled(&jobs[2].future), "future_cancel of a queued job's "
              "future returned %d (%s) and left it %s: the job's cancel hook is "
              "executor_cancel, which must complete the future with future_set_error "
              "(ECANCELED)", rc, error_name(rc),
              future_cancelled(&jobs[2].future) ? "cancelled" : "not cancelled");
    run_until_done(&fx, &jobs[3].future, 3000, "the job queued after the cancelled ones");
    cr_assert(atomic_load(&queued.runs) == 0 && atomic_load(&awaited.runs) == 0,
              "a cancelled job ran anyway: take it out of the queue so no worker can find it");
    cr_assert(future_result(&jobs[0].future).as.i == 1, "the running job that could not be "
              "cancelled must still complete with its result");
    rc = executor_cancel(&fx.ex, &jobs[0]);
    cr_assert(rc == -EALREADY, "executor_cancel of a finished job returned %d (%s), expected "
              "-EALREADY", rc, error_name(rc));
    stop(&fx);
}

Test(executor, shutdown_finishes_the_running_jobs_cancels_the_queued_and_joins_the_workers)
{
    int threads = running_threads();
    struct fixture fx;
    start(&fx, 2);
    struct call calls[5];
    struct executor_job jobs[5];
    for (int i = 0; i < 5; i++) {
        calls[i] = (struct call){.value = 10 + i, .sleep_ms = scaled_ms(100)};
        submit_ok(&fx, &jobs[i], echo, &calls[i]);
    }
    wait_until_running(calls, 2, 1000, "the first of five jobs for two workers");
    executor_shutdown(&fx.ex);
    int finished = 0, cancelled = 0;
    for (int i = 0; i < 5; i++) {
        cr_assert(future_done(&jobs[i].future), "after executor_shutdown job %d's future is "
                  "still pending: every job must be finished or cancelled", i);
        finished += future_error(&jobs[i].future) == 0 && future_result(&jobs[i].future).as.i == 10 + i;
        cancelled += future_cancelled(&jobs[i].future);
    }
    cr_assert(finished == 2 && cancelled == 3, "shutdown with 2 workers busy and 3 jobs "
              "queued: %d finished with their result and %d were cancelled, expected 2 and 3",
              finished, cancelled);
    int left = running_threads_settled(threads) - threads;
    cr_assert(left == 0, "after executor_shutdown %d threads are still running", left);
    for (int i = 0; i < 8 && fx.loop.ready_count > 0; i++)
        loop_run_once(&fx.loop);
    loop_close(&fx.loop);
    reactor_close(&fx.reactor);
}

Test(executor, the_loop_uses_almost_no_cpu_while_it_waits_for_a_slow_job)
{
    struct fixture fx;
    start(&fx, 2);
    const int64_t d = scaled_ms(300);
    struct call slow = {.value = 7, .sleep_ms = d};
    struct executor_job job;
    int64_t cpu = test_cpu_ns(), began = test_now_ns();
    submit_ok(&fx, &job, echo, &slow);
    run_until_done(&fx, &job.future, 3 * d, "a job that sleeps");
    int64_t used = test_cpu_ns() - cpu, took = test_now_ns() - began;
    // Shut down before judging: a failed assert with spinning workers left behind would end
    // the test as a crash, not with the message below.
    stop(&fx);
    cr_assert(took >= d * 1000000, "a job that sleeps %lld ms completed after %.1f ms",
              (long long)d, ns_as_ms(took));
    cr_assert(used < took / 10, "while one job slept %.1f ms the process used %.1f ms of CPU: "
              "something spins (an idle worker must wait on the condition variable, the loop "
              "in epoll)", ns_as_ms(took), ns_as_ms(used));
}

static int64_t spin(void *arg)
{
    int64_t start = test_now_ns();
    spin_ms(*(const int64_t *)arg);
    return test_now_ns() - start;
}

static void note_time(void *arg)
{
    *(int64_t *)arg = test_now_ns();
}

// Preemptive: the spin that holds up a coroutine's timer (dispatch_coroutine's
// a_cpu_bound_coroutine_holds_up_the_others) does not hold up the loop from a worker.
Test(executor, a_spinning_job_does_not_delay_a_timer_on_the_loop)
{
    struct fixture fx;
    start(&fx, 1);
    int64_t spin_for_ms = scaled_ms(300), fired = 0;
    struct executor_job job;
    int64_t set = test_now_ns();
    loop_call_later(&fx.loop, 20 * 1000000, note_time, &fired);
    submit_ok(&fx, &job, spin, &spin_for_ms);
    run_until_done(&fx, &job.future, 10 * spin_for_ms, "a job that spins");
    int64_t done = test_now_ns();
    cr_assert(fired != 0, "the timer never fired");
    cr_assert(fired < done - (done - set) / 3, "a 20 ms timer fired %.1f ms after it was set, "
              "and the %lld ms spinning job was done at %.1f ms: the loop waited for the spin",
              ns_as_ms(fired - set), (long long)spin_for_ms, ns_as_ms(done - set));
    stop(&fx);
}
