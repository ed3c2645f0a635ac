// loop: the order in which the loop runs callbacks and timers, on a virtual clock.
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "labtest.h"
#include "loop.h"
#include "looptest.h"

LAB_SUITE(loop, 15);


Test(loop, call_soon_runs_callbacks_first_in_first_out)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    struct log_note notes[5];
    for (int i = 0; i < 5; i++) {
        notes[i] = (struct log_note){&log, i};
        int rc = loop_call_soon(&loop, log_callback, &notes[i]);
        cr_assert(rc == 0, "loop_call_soon returned %d (%s); it should return 0", rc, error_name(rc));
    }
    cr_assert(log.count == 0, "a callback ran inside loop_call_soon; it must wait for the loop's next turn");
    run_one_turn(&loop);
    expect_log(&log, (int[]){0, 1, 2, 3, 4}, 5, "callbacks queued with loop_call_soon");
    loop_close(&loop);
}

// The ready queue is a ring: after a turn has taken callbacks off its front, ready_head is no
// longer 0, and a new callback belongs behind the last one queued, wherever that is.
Test(loop, call_soon_appends_behind_the_queued_callbacks_wherever_the_ring_starts)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    struct log_note notes[6];
    for (int i = 0; i < 6; i++)
        notes[i] = (struct log_note){&log, i};
    for (int i = 0; i < 3; i++) {
        int rc = loop_call_soon(&loop, log_callback, &notes[i]);
        cr_assert(rc == 0, "loop_call_soon returned %d (%s); it should return 0", rc, error_name(rc));
    }
    run_one_turn(&loop);
    expect_log(&log, (int[]){0, 1, 2}, 3, "the first turn");
    for (int i = 3; i < 6; i++)
        loop_call_soon(&loop, log_callback, &notes[i]);
    cr_assert(loop.ready_count == 3 && loop.ready_cap >= 4, "after three more loop_call_soon the ready queue "
              "holds %zu callbacks in a ring of %zu; expected 3", loop.ready_count, loop.ready_cap);
    for (size_t i = 0; i < 3; i++) {
        size_t at = (loop.ready_head + i) & (loop.ready_cap - 1);
        cr_assert(loop.ready[at].arg == &notes[3 + i], "a turn took 3 callbacks off the ring's front, so "
                  "ready_head is %zu; the callback queued %zu-th after it is not at index (ready_head + %zu) "
                  "& (ready_cap - 1) = %zu: loop_call_soon must store at (ready_head + ready_count) & "
                  "(ready_cap - 1), counting the tail from the head, not from 0",
                  loop.ready_head, i + 1, i, at);
    }
    run_one_turn(&loop);
    expect_log(&log, (int[]){0, 1, 2, 3, 4, 5}, 6, "two turns");
    loop_close(&loop);
}

// A callback that queues another one (its arg's entry + 100) from inside the turn.
struct requeue {
    struct loop *loop;
    struct log_note note, again;
};

static void log_and_requeue(void *arg)
{
    struct requeue *r = arg;
    log_add(r->note.log, r->note.entry);
    loop_call_soon(r->loop, log_callback, &r->again);
}

Test(loop, a_callback_queued_during_a_turn_runs_on_the_next_turn)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    struct requeue r[2];
    for (int i = 0; i < 2; i++) {
        r[i] = (struct requeue){&loop, {&log, i}, {&log, 100 + i}};
        loop_call_soon(&loop, log_and_requeue, &r[i]);
    }
    run_one_turn(&loop);
    expect_log(&log, (int[]){0, 1}, 2, "after one turn (loop_run_ready, the snapshot rule: only the callbacks "
               "queued when the step began run in it; count them before running any)");
    run_one_turn(&loop);
    expect_log(&log, (int[]){0, 1, 100, 101}, 4, "after two turns");
    loop_close(&loop);
}

Test(loop, timers_fire_in_deadline_order_and_ties_in_the_order_they_were_set)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    // Entry = the order they must fire in; delays in ms.
    const int64_t delays_ms[8] = {30, 10, 20, 10, 30, 0, 20, 10};
    const int order[8] = {6, 1, 4, 2, 7, 0, 5, 3};
    struct log_note notes[8];
    for (int i = 0; i < 8; i++) {
        notes[i] = (struct log_note){&log, order[i]};
        int64_t handle = loop_call_later(&loop, delays_ms[i] * NS_PER_MS, log_callback, &notes[i]);
        cr_assert(handle > 0, "loop_call_later returned %lld (%s); it should return a handle > 0",
                  (long long)handle, error_name(handle));
    }
    int64_t start_ns = clock.now_ns;
    for (int turn = 0; turn < 20 && log.count < 8; turn++)
        run_one_turn(&loop);
    expect_log(&log, (int[]){0, 1, 2, 3, 4, 5, 6, 7}, 8, "timers (by deadline, then in the order they were set: "
               "see loop_run_timers, and lab 02's deadline_heap.c)");
    cr_assert(clock.now_ns - start_ns == 30 * NS_PER_MS, "the virtual clock moved %.1f ms for timers of at "
              "most 30 ms: the loop's poll timeout should be the time to the nearest timer (loop_poll_timeout)",
              ns_as_ms(clock.now_ns - start_ns));
    loop_close(&loop);
}

Test(loop, a_timer_never_fires_before_its_deadline)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    struct log_note note = {&log, 1};
    int64_t deadline_ns = clock.now_ns + 50 * NS_PER_MS;
    loop_call_at(&loop, deadline_ns, log_callback, &note);
    for (int turn = 0; turn < 5 && log.count == 0; turn++) {
        run_one_turn(&loop);
        cr_assert(log.count == 0 || clock.now_ns >= deadline_ns, "a timer fired %.3f ms before its deadline "
                  "(loop_run_timers moves only timers whose deadline <= the loop's clock)",
                  ns_as_ms(deadline_ns - clock.now_ns));
    }
    cr_assert(log.count == 1, "a 50 ms timer had not fired after 5 turns of the loop (the clock moved %.1f ms): "
              "see loop_poll_timeout and loop_run_timers",
              ns_as_ms(clock.now_ns - (deadline_ns - 50 * NS_PER_MS)));
    loop_close(&loop);
}

Test(loop, a_cancelled_timer_does_not_fire_and_its_handle_goes_stale)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    struct log_note notes[3] = {{&log, 0}, {&log, 1}, {&log, 2}};
    int64_t handles[3];
    for (int i = 0; i < 3; i++)
        handles[i] = loop_call_later(&loop, (i + 1) * 10 * NS_PER_MS, log_callback, &notes[i]);
    int rc = loop_cancel_timer(&loop, handles[1]);
    cr_assert(rc == 0, "loop_cancel_timer on a pending timer returned %d (%s); it should return 0", rc,
              error_name(rc));
    rc = loop_cancel_timer(&loop, handles[1]);
    cr_assert(rc == -ENOENT, "cancelling the same timer twice returned %d (%s); it should return -ENOENT", rc,
              error_name(rc));
    for (int turn = 0; turn < 10 && log.count < 2; turn++)
        run_one_turn(&loop);
    expect_log(&log, (int[]){0, 2}, 2, "timers 0 and 2 (1 was cancelled)");
    rc = loop_cancel_timer(&loop, handles[0]);
    cr_assert(rc == -ENOENT, "cancelling a timer that has fired returned %d (%s); it should return -ENOENT", rc,
              error_name(rc));
    loop_close(&loop);
}

Test(loop, polls_without_blocking_when_work_is_ready_else_until_the_nearest_timer)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    struct log_note notes[3] = {{&log, 0}, {&log, 1}, {&log, 2}};
    loop_call_later(&loop, 40 * NS_PER_MS, log_callback, &notes[0]);
    int64_t cancelled = loop_call_later(&loop, 10 * NS_PER_MS, log_callback, &notes[1]);
    loop_cancel_timer(&loop, cancelled);
    loop_call_soon(&loop, log_callback, &notes[2]);
    run_one_turn(&loop); // something is ready: do not block
    run_one_turn(&loop); // the nearest live timer is 40 ms away (the 10 ms one was cancelled)
    int rc = loop_run_once(&loop); // nothing left: wait forever, which the virtual clock refuses
    cr_assert(clock.polls == 3, "3 turns of the loop polled the backend %d times; each turn polls once",
              clock.polls);
    cr_assert(clock.timeouts[0] == 0, "with a callback ready, the poll timeout was %lld ns; it must be 0 "
              "(loop_poll_timeout)",
              (long long)clock.timeouts[0]);
    cr_assert(clock.timeouts[1] == 40 * NS_PER_MS, "with the nearest live timer 40 ms ahead, the poll timeout "
              "was %.3f ms (loop_poll_timeout; a cancelled timer must not count)", ns_as_ms(clock.timeouts[1]));
    cr_assert(clock.timeouts[2] == -1 && rc == -EDEADLK, "with nothing scheduled the poll timeout should be -1 "
              "(wait forever: loop_poll_timeout) and the loop should pass the poll's error on (-EDEADLK); got timeout %lld, rc %d (%s)",
              (long long)clock.timeouts[2], rc, error_name(rc));
    expect_log(&log, (int[]){2, 0}, 2, "the ready callback, then the 40 ms timer");
    // A timer whose deadline has passed already: the poll must not block (0), and a
    // negative timeout would mean "for ever".
    struct log_note late = {&log, 3};
    loop_call_at(&loop, clock.now_ns - 5 * NS_PER_MS, log_callback, &late);
    rc = loop_run_once(&loop);
    cr_assert(rc == 0 && clock.timeouts[3] == 0, "with a timer 5 ms overdue, the poll timeout was %lld ns and "
              "loop_run_once returned %d (%s): the time to a timer that is due already is 0, never negative "
              "(loop_poll_timeout)", (long long)clock.timeouts[3], rc, error_name(rc));
    expect_log(&log, (int[]){2, 0, 3}, 3, "the ready callback, the 40 ms timer, then the overdue one");
    loop_close(&loop);
}

// Thousands of timers with random deadlines (many tied), some cancelled, some set while others
// fire, checked against a model: every live timer fires once, exactly at its deadline, in the
// order of (deadline, the order they were set).
enum { RANDOM_TIMERS = 4000, LATE_TIMERS = 1000, ALL_TIMERS = RANDOM_TIMERS + LATE_TIMERS };

struct random_timer {
    int64_t deadline_ns, fired_ns;
    int set;   // the order it was set in
    int fired; // how many times it fired
    bool cancelled;
};

static struct random_timers {
    struct loop *loop;
    struct vclock *clock;
    struct random_timer timers[ALL_TIMERS];
    int count, fired[ALL_TIMERS], nfired;
    uint64_t seed;
} rt;

static uint64_t next_random(void)
{
    rt.seed ^= rt.seed << 13, rt.seed ^= rt.seed >> 7, rt.seed ^= rt.seed << 17; // xorshift64
    return rt.seed;
}

static void random_timer_fired(void *arg);

static void set_random_timer(int64_t deadline_ns)
{
    struct random_timer *t = &rt.timers[rt.count];
    *t = (struct random_timer){.deadline_ns = deadline_ns, .set = rt.count};
    rt.count++;
    int64_t handle = loop_call_at(rt.loop, deadline_ns, random_timer_fired, t);
    cr_assert(handle > 0, "loop_call_at returned %lld (%s)", (long long)handle, error_name(handle));
    if (next_random() % 8 == 0) { // cancelled at once: it must never fire
        int rc = loop_cancel_timer(rt.loop, handle);
        cr_assert(rc == 0, "loop_cancel_timer of a pending timer returned %d (%s)", rc, error_name(rc));
        t->cancelled = true;
    }
}

static void random_timer_fired(void *arg)
{
    struct random_timer *t = arg;
    t->fired++;
    t->fired_ns = rt.clock->now_ns;
    if (rt.nfired < ALL_TIMERS)
        rt.fired[rt.nfired++] = t->set;
    if (rt.count < ALL_TIMERS) // set more while they fire: pushes into a heap half popped
        set_random_timer(rt.clock->now_ns + (int64_t)(next_random() % 200) * NS_PER_MS);
}

static int by_deadline_then_set(const void *a, const void *b)
{
    const struct random_timer *x = &rt.timers[*(const int *)a], *y = &rt.timers[*(const int *)b];
    if (x->deadline_ns != y->deadline_ns)
        return x->deadline_ns < y->deadline_ns ? -1 : 1;
    return (x->set > y->set) - (x->set < y->set);
}

Test(loop, thousands_of_random_timers_fire_in_deadline_order_on_time)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    rt = (struct random_timers){.loop = &loop, .clock = &clock, .seed = 0x9e3779b97f4a7c15u};
    int64_t start_ns = clock.now_ns;
    for (int i = 0; i < RANDOM_TIMERS; i++) // whole milliseconds within a second: ties are common
        set_random_timer(start_ns + (int64_t)(next_random() % 1000) * NS_PER_MS);
    for (int turn = 0; turn < 4 * ALL_TIMERS && loop_timer_count(&loop) > 0; turn++)
        run_one_turn(&loop);
    int model[ALL_TIMERS], live = 0;
    for (int i = 0; i < rt.count; i++) {
        const struct random_timer *t = &rt.timers[i];
        cr_assert(t->fired == (t->cancelled ? 0 : 1), "timer %d of %d (deadline +%.0f ms, %s) fired %d times",
                  i + 1, rt.count, ns_as_ms(t->deadline_ns - start_ns), t->cancelled ? "cancelled" : "live", t->fired);
        if (!t->cancelled)
            model[live++] = i;
    }
    qsort(model, (size_t)live, sizeof model[0], by_deadline_then_set);
    cr_assert(rt.nfired == live, "%d timers fired, %d expected", rt.nfired, live);
    for (int k = 0; k < live; k++) {
        const struct random_timer *got = &rt.timers[rt.fired[k]], *want = &rt.timers[model[k]];
        cr_assert(got == want, "of %d random timers (numbered in the order they were set), firing number %d was "
                  "timer #%d (deadline +%.0f ms), but timer #%d (deadline +%.0f ms) comes first: timers fire by "
                  "deadline, then in the order they were set (see loop_run_timers, and heap_entry_before "
                  "and the sifts of lab 02's deadline_heap.c)", live, k + 1,
                  got->set + 1, ns_as_ms(got->deadline_ns - start_ns), want->set + 1,
                  ns_as_ms(want->deadline_ns - start_ns));
    }
    // In the right order, but on time? (Checked after the order: a heap out of order also
    // fires late, and the order says more about why.)
    for (int k = 0; k < live; k++) {
        const struct random_timer *t = &rt.timers[model[k]];
        cr_assert(t->fired_ns == t->deadline_ns, "timer %d (deadline +%.0f ms) fired at +%.3f ms: on the virtual "
                  "clock a timer fires exactly at its deadline (the poll waits until the nearest)", t->set + 1,
                  ns_as_ms(t->deadline_ns - start_ns), ns_as_ms(t->fired_ns - start_ns));
    }
    loop_close(&loop);
}
