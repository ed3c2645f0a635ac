// wait: all-completed or first-completed, with an optional timeout; done and pending sets.
#include <errno.h>
#include <string.h>

#include "async_wait.h"
#include "clock.h"
#include "labtest.h"
#include "looptest.h"

LAB_SUITE(wait, 15);

enum { N = 3 };

static struct async_wait *start_wait(struct loop *loop, struct coro_task *tasks[N], enum async_wait_until until,
                                     int64_t timeout_ns)
{
    struct future *futures[N];
    for (int i = 0; i < N; i++)
        futures[i] = &tasks[i]->future;
    struct async_wait *w = async_wait_create(loop, futures, N, until, timeout_ns);
    cr_assert(w != NULL, "async_wait_create returned NULL (out of memory, or a NULL future)");
    return w;
}

// Cancels what is still running, lets it finish, and frees everything.
static void clean_up(struct loop *loop, struct async_wait *w, struct coro_task *tasks[N])
{
    for (int i = 0; i < N; i++) {
        if (!future_done(&tasks[i]->future)) {
            coro_task_cancel(tasks[i]);
            run_until_done(loop, &tasks[i]->future);
        }
    }
    async_wait_free(w);
    free_tasks(tasks, N);
    loop_close(loop);
}

Test(wait, first_completed_returns_after_the_shortest)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct coro_task *tasks[N];
    const int64_t delays_ms[N] = {30, 10, 20};
    for (int i = 0; i < N; i++)
        tasks[i] = make_sleeper(&loop, i, delays_ms[i] * NS_PER_MS, NULL);
    struct async_wait *w = start_wait(&loop, tasks, WAIT_FIRST_COMPLETED, -1);
    int64_t start_ns = clock.now_ns;
    run_until_done(&loop, &w->future);
    cr_assert(clock.now_ns - start_ns == 10 * NS_PER_MS, "wait(FIRST_COMPLETED) returned after %.1f ms of virtual "
              "time; the shortest task sleeps 10 ms", ns_as_ms(clock.now_ns - start_ns));
    struct future *done[N], *pending[N];
    size_t n_done = async_wait_split(w, done, pending);
    cr_assert(n_done == 1 && done[0] == &tasks[1]->future && pending[0] == &tasks[0]->future &&
              pending[1] == &tasks[2]->future, "after the first completed, done should hold task 1 and pending "
              "tasks 0 and 2 (in the order given); %zu were done", n_done);
    clean_up(&loop, w, tasks);
}

Test(wait, all_completed_with_a_timeout_returns_the_pending_set_without_an_error)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct coro_task *tasks[N];
    const int64_t delays_ms[N] = {10, 100, 20};
    for (int i = 0; i < N; i++)
        tasks[i] = make_sleeper(&loop, i, delays_ms[i] * NS_PER_MS, NULL);
    struct async_wait *w = start_wait(&loop, tasks, WAIT_ALL_COMPLETED, 50 * NS_PER_MS);
    int64_t start_ns = clock.now_ns;
    run_until_done(&loop, &w->future);
    cr_assert(clock.now_ns - start_ns == 50 * NS_PER_MS, "wait with a 50 ms timeout returned after %.1f ms",
              ns_as_ms(clock.now_ns - start_ns));
    cr_assert(future_error(&w->future) == 0, "a timeout is not an error, but the wait ended with error %d (%s)",
              future_error(&w->future), strerror(future_error(&w->future)));
    struct future *done[N], *pending[N];
    size_t n_done = async_wait_split(w, done, pending);
    cr_assert(n_done == 2 && pending[0] == &tasks[1]->future, "after the timeout, 2 tasks should be done and task "
              "1 (100 ms) pending; %zu were done", n_done);
    cr_assert(!future_done(&tasks[1]->future), "the timeout must not cancel the pending task");
    clean_up(&loop, w, tasks);
}

Test(wait, all_completed_returns_once_every_future_is_done)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct coro_task *tasks[N];
    for (int i = 0; i < N; i++)
        tasks[i] = make_sleeper(&loop, i, (10 * (i + 1)) * NS_PER_MS, NULL);
    struct async_wait *w = start_wait(&loop, tasks, WAIT_ALL_COMPLETED, 1000 * NS_PER_MS);
    int64_t start_ns = clock.now_ns;
    run_until_done(&loop, &w->future);
    cr_assert(clock.now_ns - start_ns == 30 * NS_PER_MS, "wait(ALL_COMPLETED) returned after %.1f ms; the "
              "longest task sleeps 30 ms", ns_as_ms(clock.now_ns - start_ns));
    cr_assert(async_wait_split(w, NULL, NULL) == N, "every task should be done");
    cr_assert(!loop_next_timer(&loop, &start_ns), "the wait's timeout timer is "
              "still armed after the wait completed: cancel it");
    clean_up(&loop, w, tasks);
}
