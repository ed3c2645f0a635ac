// gather: results in argument order, errors propagate, a cancel reaches the children.
#include <errno.h>
#include <string.h>

#include "clock.h"
#include "gather.h"
#include "labtest.h"
#include "looptest.h"

LAB_SUITE(gather, 15);

enum { N = 5 };

static struct gather *make_gather(struct loop *loop, struct coro_task *tasks[], int n)
{
    struct future *children[16];
    for (int i = 0; i < n; i++)
        children[i] = &tasks[i]->future;
    struct gather *g = gather_create(loop, children, (size_t)n);
    cr_assert(g != NULL, "gather_create returned NULL (out of memory, or a NULL child)");
    return g;
}

Test(gather, five_sleeps_of_d_finish_in_about_d)
{
    const int64_t d = scaled_ms(200);
    struct loop loop;
    loop_init(&loop, NULL);
    int64_t start = test_now_ns();
    struct coro_task *tasks[N];
    for (int i = 0; i < N; i++)
        tasks[i] = make_sleeper(&loop, 10 + i, d * NS_PER_MS, NULL);
    struct gather *g = make_gather(&loop, tasks, N);
    run_until_done(&loop, &g->future);
    int64_t took = test_now_ns() - start;
    cr_assert(took >= d * NS_PER_MS, "%d gathered sleeps of %lld ms finished after %.1f ms: a sleep ended early",
              N, (long long)d, ns_as_ms(took));
    cr_assert(took < (d + d / 2) * NS_PER_MS, "%d gathered sleeps of %lld ms took %.1f ms; side by side they take "
              "about %lld ms", N, (long long)d, ns_as_ms(took), (long long)d);
    for (int i = 0; i < N; i++)
        cr_assert(gather_result(g, (size_t)i).as.i == 10 + i, "gather_result(g, %d) is %lld, expected %d", i,
                  (long long)gather_result(g, (size_t)i).as.i, 10 + i);
    gather_free(g);
    free_tasks(tasks, N);
    loop_close(&loop);
}

Test(gather, results_come_in_argument_order_when_completion_order_differs)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    const int64_t delays_ms[N] = {50, 10, 40, 20, 30};
    struct coro_task *tasks[N];
    for (int i = 0; i < N; i++)
        tasks[i] = make_sleeper(&loop, i, delays_ms[i] * NS_PER_MS, &log);
    struct gather *g = make_gather(&loop, tasks, N);
    int64_t start_ns = clock.now_ns;
    run_until_done(&loop, &g->future);
    expect_log(&log, (int[]){1, 3, 4, 2, 0}, N, "the sleepers finishing (by their delays)");
    cr_assert(future_error(&g->future) == 0, "the gather failed with error %d", future_error(&g->future));
    for (int i = 0; i < N; i++)
        cr_assert(gather_result(g, (size_t)i).as.i == i, "gather_result(g, %d) is %lld: results go in the order "
                  "the children were given, not the order they finished", i,
                  (long long)gather_result(g, (size_t)i).as.i);
    cr_assert(clock.now_ns - start_ns == 50 * NS_PER_MS, "the gather took %.1f ms of virtual time; the longest "
              "child sleeps 50 ms", ns_as_ms(clock.now_ns - start_ns));
    gather_free(g);
    free_tasks(tasks, N);
    loop_close(&loop);
}

Test(gather, a_gather_of_gathers_waits_for_every_grandchild)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct coro_task *tasks[4];
    for (int i = 0; i < 4; i++)
        tasks[i] = make_sleeper(&loop, i, (10 + 10 * i) * NS_PER_MS, NULL);
    struct gather *inner[2] = {make_gather(&loop, tasks, 2), make_gather(&loop, tasks + 2, 2)};
    struct gather *outer = gather_create(&loop, (struct future *[]){&inner[0]->future, &inner[1]->future}, 2);
    cr_assert(outer != NULL, "gather_create returned NULL (out of memory, or a NULL child)");
    int64_t start_ns = clock.now_ns;
    run_until_done(&loop, &outer->future);
    cr_assert(future_done(&inner[0]->future) && future_done(&inner[1]->future) && future_error(&outer->future) == 0,
              "the outer gather completed before both inner gathers");
    cr_assert(clock.now_ns - start_ns == 40 * NS_PER_MS, "a nested gather of sleeps up to 40 ms took %.1f ms",
              ns_as_ms(clock.now_ns - start_ns));
    for (int i = 0; i < 4; i++)
        cr_assert(gather_result(inner[i / 2], (size_t)(i % 2)).as.i == i, "inner gather %d, result %d is wrong",
                  i / 2, i % 2);
    gather_free(outer);
    gather_free(inner[0]);
    gather_free(inner[1]);
    free_tasks(tasks, 4);
    loop_close(&loop);
}

Test(gather, the_first_error_propagates_at_once)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct coro_task *tasks[3];
    tasks[0] = make_sleeper(&loop, 0, 100 * NS_PER_MS, NULL);
    tasks[1] = start_task(&loop, failer_coro, &(struct failer_frame){EPROTO, 10 * NS_PER_MS},
                          sizeof(struct failer_frame));
    tasks[2] = start_task(&loop, failer_coro, &(struct failer_frame){ETIMEDOUT, 20 * NS_PER_MS},
                          sizeof(struct failer_frame));
    struct gather *g = make_gather(&loop, tasks, 3);
    int64_t start_ns = clock.now_ns;
    run_until_done(&loop, &g->future);
    cr_assert(future_error(&g->future) == EPROTO, "the gather ended with error %d (%s); the first child to fail "
              "raised EPROTO", future_error(&g->future), strerror(future_error(&g->future)));
    cr_assert(clock.now_ns - start_ns == 10 * NS_PER_MS, "the gather failed after %.1f ms; the first error came "
              "at 10 ms and should complete it at once", ns_as_ms(clock.now_ns - start_ns));
    run_until_done(&loop, &tasks[0]->future); // the others run on, as in asyncio
    gather_free(g);
    free_tasks(tasks, 3);
    loop_close(&loop);
}

Test(gather, cancelling_the_gather_cancels_its_children)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    struct coro_task *tasks[3];
    for (int i = 0; i < 3; i++)
        tasks[i] = make_sleeper(&loop, i, (i == 0 ? 0 : 1000) * NS_PER_MS, &log);
    struct gather *g = make_gather(&loop, tasks, 3);
    for (int turn = 0; turn < 3; turn++)
        loop_run_once(&loop); // child 0 has finished; 1 and 2 sleep
    int rc = future_cancel(&g->future);
    cr_assert(rc == 0, "future_cancel on a pending gather returned %d (%s); it should return 0", rc,
              error_name(rc));
    int64_t start_ns = clock.now_ns;
    run_until_done(&loop, &g->future);
    cr_assert(future_error(&g->future) == ECANCELED, "a cancelled gather should end with ECANCELED, not %d",
              future_error(&g->future));
    cr_assert(future_error(&tasks[1]->future) == ECANCELED && future_error(&tasks[2]->future) == ECANCELED,
              "cancelling the gather should cancel the children still sleeping (errors %d and %d)",
              future_error(&tasks[1]->future), future_error(&tasks[2]->future));
    cr_assert(future_error(&tasks[0]->future) == 0, "the child that had already finished should keep its result");
    cr_assert(clock.now_ns - start_ns < 1000 * NS_PER_MS, "the cancelled children still slept their full time");
    gather_free(g);
    free_tasks(tasks, 3);
    loop_close(&loop);
}
