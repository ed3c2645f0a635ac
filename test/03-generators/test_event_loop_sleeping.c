// event_loop_sleeping: when every generator says what time it waits for, the loop can sleep
// until the earliest one instead of spinning - same results, almost no CPU.
#include <errno.h>
#include <string.h>

#include "clock.h"
#include "gen_loop.h"
#include "labtest.h"
#include "loopcheck.h"
#include "sleep_gen.h"

LAB_SUITE(event_loop_sleeping, 15);

enum { N = 5 };

// Runs event_loop_sleeping on N deadline sleeps of durations_ms[i] with ids FIRST_SLEEP_ID + i; returns
// the wall time and stores the CPU time the process used meanwhile in *cpu, and the times it
// slept and woke in *wakes (may be NULL).
static int64_t counted_loop(const int64_t durations_ms[N], struct value results[N], int64_t *cpu, long *wakes)
{
    struct sleep_frame frames[N];
    struct gen gens[N], *order[N];
    for (int i = 0; i < N; i++) {
        deadline_sleep_gen_init(&gens[i], &frames[i], durations_ms[i], FIRST_SLEEP_ID + i);
        order[i] = &gens[i];
    }
    long wakes_before = test_wakeups();
    int64_t cpu_before = test_cpu_ns(), start = test_now_ns();
    int rc = event_loop_sleeping(order, N, results);
    int64_t took = test_now_ns() - start;
    *cpu = test_cpu_ns() - cpu_before;
    if (wakes)
        *wakes = test_wakeups() - wakes_before;
    cr_assert(rc == 0, "event_loop_sleeping returned %d (%s); it should return 0", rc,
              error_name(rc));
    return took;
}

static int64_t timed_loop(const int64_t durations_ms[N], struct value results[N], int64_t *cpu)
{
    return counted_loop(durations_ms, results, cpu, NULL);
}

Test(event_loop_sleeping, five_sleeps_of_d_finish_in_about_d_without_spinning)
{
    const int64_t d = scaled_ms(200);
    const int64_t durations[N] = {d, d, d, d, d};
    struct value results[N];
    int64_t cpu;
    int64_t took = timed_loop(durations, results, &cpu);
    cr_assert(took >= d * NS_PER_MS, "%d sleeps of %lld ms finished after %.1f ms: a sleep ended early", N,
              (long long)d, ns_as_ms(took));
    cr_assert(took < (d + d / 2) * NS_PER_MS, "%d sleeps of %lld ms took %.1f ms; side by side they take about "
              "%lld ms", N, (long long)d, ns_as_ms(took), (long long)d);
    expect_ids_in_order(results, N);
    cr_assert(cpu * 10 < took, "the loop used %.1f ms of CPU in %.1f ms of waiting: it is still asking the sleeps "
              "\"done yet?\" over and over. When nobody is due, sleep until the earliest deadline they yielded.",
              ns_as_ms(cpu), ns_as_ms(took));
}

Test(event_loop_sleeping, results_come_back_in_submission_order)
{
    // Overlapping, they take 4 * base; one after another, 10 * base. The bound between, 6 * base,
    // leaves 2 * base = 100 ms for a loaded machine (at base = 20 ms a spinning loop once took
    // 140 ms against 120 under load 4.4).
    const int64_t base = scaled_ms(50);
    const int64_t durations[N] = {4 * base, 3 * base, 2 * base, base, 0};
    struct value results[N];
    int64_t cpu;
    int64_t took = timed_loop(durations, results, &cpu);
    expect_ids_in_order(results, N);
    cr_assert(took >= 4 * base * NS_PER_MS, "the longest sleep is %lld ms but the loop returned after %.1f ms: it "
              "must run until every generator has returned", (long long)(4 * base), ns_as_ms(took));
    cr_assert(took < 6 * base * NS_PER_MS, "sleeps of up to %lld ms took %.1f ms together: they should overlap",
              (long long)(4 * base), ns_as_ms(took));
}

Test(event_loop_sleeping, wakes_once_per_deadline_not_every_millisecond)
{
    const int64_t base = scaled_ms(40);
    const int64_t durations[N] = {5 * base, 4 * base, 3 * base, 2 * base, base};
    struct value results[N];
    int64_t cpu;
    long wakes;
    counted_loop(durations, results, &cpu, &wakes);
    expect_ids_in_order(results, N);
    // One sleep per deadline, twice that for a sleep cut short, and a few to spare.
    const long most = 2 * N + 5;
    cr_assert(wakes <= most, "the loop slept and woke %ld times for %d deadlines over %lld ms (at most %ld "
              "expected): it wakes up to look instead of sleeping until the earliest deadline it was given. "
              "Sleep for the whole time left (rounded up to a millisecond), not a little at a time.", wakes, N,
              (long long)(5 * base), most);
}
