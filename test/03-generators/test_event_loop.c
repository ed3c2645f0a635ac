// event_loop: sleeps written as generators run side by side, so five sleeps of d take about d.
#include <errno.h>
#include <string.h>

#include "clock.h"
#include "gen_loop.h"
#include "labtest.h"
#include "loopcheck.h"
#include "sleep_gen.h"

LAB_SUITE(event_loop, 15);

enum { N = 5 };

// Runs event_loop on N sleep_gens of durations_ms[i] with ids FIRST_SLEEP_ID + i; returns the wall time.
static int64_t timed_loop(const int64_t durations_ms[N], struct value results[N])
{
    struct sleep_frame frames[N];
    struct gen gens[N], *order[N];
    for (int i = 0; i < N; i++) {
        sleep_gen_init(&gens[i], &frames[i], durations_ms[i], FIRST_SLEEP_ID + i);
        order[i] = &gens[i];
    }
    int64_t start = test_now_ns();
    int rc = event_loop(order, N, results);
    int64_t took = test_now_ns() - start;
    cr_assert(rc == 0, "event_loop returned %d (%s); it should return 0", rc, error_name(rc));
    return took;
}

Test(event_loop, five_sleeps_of_d_finish_in_about_d)
{
    // This loop spins, so under load it competes for a core with everyone else and can be
    // descheduled for tens of milliseconds: d is long enough that d/2 absorbs that.
    const int64_t d = scaled_ms(200);
    const int64_t durations[N] = {d, d, d, d, d};
    struct value results[N];
    int64_t took = timed_loop(durations, results);
    cr_assert(took >= d * NS_PER_MS, "%d sleeps of %lld ms finished after %.1f ms: a sleep ended early",
              N, (long long)d, ns_as_ms(took));
    cr_assert(took < (d + d / 2) * NS_PER_MS,
              "%d sleeps of %lld ms took %.1f ms; side by side they take about %lld ms (one after another, "
              "%lld). Does a sleep_gen block instead of yielding?", N, (long long)d, ns_as_ms(took), (long long)d,
              (long long)(N * d));
    expect_ids_in_order(results, N);
}

Test(event_loop, results_come_back_in_submission_order)
{
    // The first generator finishes last and the last first.
    // Overlapping, they take 4 * base; one after another, 10 * base. The bound between, 6 * base,
    // leaves 2 * base = 100 ms for a loaded machine (at base = 20 ms a spinning loop once took
    // 140 ms against 120 under load 4.4).
    const int64_t base = scaled_ms(50);
    const int64_t durations[N] = {4 * base, 3 * base, 2 * base, base, 0};
    struct value results[N];
    int64_t took = timed_loop(durations, results);
    expect_ids_in_order(results, N);
    cr_assert(took >= 4 * base * NS_PER_MS, "the longest sleep is %lld ms but the loop returned after %.1f ms: "
              "it must run until every generator has returned", (long long)(4 * base), ns_as_ms(took));
    cr_assert(took < 6 * base * NS_PER_MS, "sleeps of up to %lld ms took %.1f ms together: they should overlap",
              (long long)(4 * base), ns_as_ms(took));
}

// A generator that yields twice, then raises value_int(RAISED): Python's
//     def raiser(): yield; yield; raise ValueError(-7)
enum { RAISED = -7 };
static enum gen_status raiser_body(struct gen *g, struct value sent, struct value *out)
{
    GEN_BEGIN;
    GEN_YIELD(value_none());
    GEN_YIELD(value_none());
    GEN_RAISE(value_int(RAISED));
    GEN_END;
}

// A generator that counts the sends it receives in its frame and yields 1000 times.
static enum gen_status counter_body(struct gen *g, struct value sent, struct value *out)
{
    int *sends = g->frame;
    GEN_BEGIN;
    for (*sends = 1; *sends < 1000; ++*sends)
        GEN_YIELD(value_none());
    GEN_RETURN(value_int(*sends));
    GEN_END;
}

Test(event_loop, a_generator_that_raises_stops_the_loop_with_eio)
{
    // [counter, raiser]: the raiser fails on its third send, in the third pass. The loop must stop
    // there (as Python's loop does when gen.send raises): not finish the counter first, and not
    // report success.
    int sends = 0;
    struct gen raiser, counter, *order[2] = {&counter, &raiser};
    gen_init(&counter, counter_body, &sends);
    gen_init(&raiser, raiser_body, NULL);
    struct value results[2];
    int rc = event_loop(order, 2, results);
    cr_assert(rc == -EIO, "event_loop returned %d (%s) when a generator raised; it should return -EIO "
              "as soon as gen_send reports GEN_ERROR", rc, error_name(rc));
    cr_assert(raiser.error == GEN_ERR_RAISED, "the raiser's error is %d (%s); gen_send sets GEN_ERR_RAISED",
              (int)raiser.error, gen_error_message(raiser.error));
    cr_assert(results[1].kind == VALUE_INT && results[1].as.i == RAISED,
              "results[1] should hold what the generator raised, value_int(%d): keep gen_send's *out", RAISED);
    cr_assert(counter.state == GEN_SUSPENDED && sends == 3,
              "the generator beside the raiser received %d sends and is %s; the loop should have stopped in "
              "the pass where the raiser failed (3 sends), leaving the others suspended", sends,
              counter.state == GEN_CLOSED ? "closed" : "not suspended");
}
