// sleepers: many tasks sleeping at once on the real clock cost neither CPU nor time.
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "gather.h"
#include "labtest.h"
#include "looptest.h"

LAB_SUITE(sleepers, 30);

// Gathers n sleepers of d_ms; returns the wall time, and the CPU time in *cpu.
static int64_t gather_sleepers(int n, int64_t d_ms, int64_t *cpu)
{
    struct loop loop;
    loop_init(&loop, NULL);
    struct coro_task **tasks = calloc((size_t)n, sizeof *tasks);
    struct future **children = calloc((size_t)n, sizeof *children);
    cr_assert(tasks && children, "out of memory");
    int64_t cpu_before = test_cpu_ns(), start = test_now_ns();
    for (int i = 0; i < n; i++) {
        tasks[i] = make_sleeper(&loop, i, d_ms * NS_PER_MS, NULL);
        children[i] = &tasks[i]->future;
    }
    struct gather *g = gather_create(&loop, children, (size_t)n);
    cr_assert(g != NULL, "gather_create returned NULL (out of memory, or a NULL child)");
    run_until_done(&loop, &g->future);
    int64_t took = test_now_ns() - start;
    *cpu = test_cpu_ns() - cpu_before;
    for (int i = 0; i < n; i++)
        cr_assert(gather_result(g, (size_t)i).as.i == i, "sleeper %d returned %lld", i,
                  (long long)gather_result(g, (size_t)i).as.i);
    gather_free(g);
    free_tasks(tasks, n);
    free(tasks);
    free(children);
    loop_close(&loop);
    return took;
}

Test(sleepers, use_almost_no_cpu_while_everyone_sleeps)
{
    const int64_t d = scaled_ms(300);
    int64_t cpu;
    int64_t took = gather_sleepers(10, d, &cpu);
    cr_assert(took >= d * NS_PER_MS, "10 sleeps of %lld ms finished after %.1f ms: one ended early", (long long)d,
              ns_as_ms(took));
    cr_assert(cpu * 10 < took, "the loop used %.1f ms of CPU in %.1f ms while every task slept: it spins. With "
              "nothing ready, poll until the nearest timer instead of polling with a timeout of 0.",
              ns_as_ms(cpu), ns_as_ms(took));
}

Test(sleepers, a_hundred_thousand_concurrent_sleepers_finish_in_about_d)
{
    const int64_t d = scaled_ms(500);
    int64_t cpu;
    int64_t took = gather_sleepers(100000, d, &cpu);
    cr_assert(took >= d * NS_PER_MS, "10^5 sleeps of %lld ms finished after %.1f ms: one ended early",
              (long long)d, ns_as_ms(took));
    cr_assert(took < 3 * d * NS_PER_MS, "10^5 concurrent sleeps of %lld ms took %.1f ms: starting, waking or "
              "finishing a task costs too much (a timer heap, not a list; no copying of the ready queue)",
              (long long)d, ns_as_ms(took));
}
