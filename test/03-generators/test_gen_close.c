// gen_close: a closed generator never runs again, and closing one that delegates closes both.
#include "countdown.h"
#include "labtest.h"

LAB_SUITE(gen_close, 10);

Test(gen_close, a_closed_generator_refuses_every_send)
{
    struct countdown_frame frame;
    struct gen g;
    struct value v;
    countdown_init(&g, &frame, 3, NULL);
    enum gen_status status = gen_next(&g, &v);
    cr_assert(status == GEN_YIELDED, "gen_next on countdown(3) returned %s (error: %s); it should yield 3",
              gen_status_name(status), gen_error_message(g.error));
    int rc = gen_close(&g);
    cr_assert(rc == 0, "gen_close on a suspended generator returned %d (error: %s); expected 0", rc,
              gen_error_message(g.error));
    cr_assert(g.state == GEN_CLOSED, "after gen_close the state is %d; expected GEN_CLOSED", (int)g.state);
    status = gen_next(&g, &v);
    cr_assert(status == GEN_ERROR && g.error == GEN_ERR_EXHAUSTED,
              "gen_next after gen_close returned %s with error \"%s\"; a closed generator is exhausted "
              "(Python raises StopIteration)", gen_status_name(status), gen_error_message(g.error));
    cr_assert(frame.n == 3, "the body ran after gen_close (the countdown moved from 3 to %lld)", (long long)frame.n);
    rc = gen_close(&g);
    cr_assert(rc == 0, "closing a closed generator should do nothing and return 0, not %d", rc);

    // Closing a generator that never started is allowed too, and it never starts afterwards.
    countdown_init(&g, &frame, 3, NULL);
    rc = gen_close(&g);
    cr_assert(rc == 0 && g.state == GEN_CLOSED, "gen_close on a new generator returned %d, state %d; expected 0 "
              "and GEN_CLOSED", rc, (int)g.state);
    status = gen_next(&g, &v);
    cr_assert(status == GEN_ERROR && g.error == GEN_ERR_EXHAUSTED,
              "gen_next on a generator closed before it started returned %s (error \"%s\")", gen_status_name(status),
              gen_error_message(g.error));
}

// yield from a countdown, then return what it returned.
struct relay_frame {
    struct gen *inner;
    struct value result;
};

static enum gen_status relay_body(struct gen *g, struct value sent, struct value *out)
{
    struct relay_frame *f = g->frame;
    GEN_BEGIN;
    GEN_YIELD_FROM(f->inner, f->result);
    GEN_RETURN(f->result);
    GEN_END;
}

Test(gen_close, closing_a_delegating_generator_closes_the_inner_one)
{
    struct countdown_frame inner_frame;
    struct gen inner, outer;
    struct relay_frame outer_frame = {.inner = &inner};
    struct value v;
    countdown_init(&inner, &inner_frame, 3, NULL);
    gen_init(&outer, relay_body, &outer_frame);
    enum gen_status status = gen_next(&outer, &v);
    cr_assert(status == GEN_YIELDED && v.kind == VALUE_INT && v.as.i == 3,
              "gen_next on a generator doing `yield from countdown(3)` returned %s (error: %s); it should yield the "
              "inner generator's 3", gen_status_name(status), gen_error_message(outer.error));
    int rc = gen_close(&outer);
    cr_assert(rc == 0, "gen_close on the delegating generator returned %d (error: %s)", rc,
              gen_error_message(outer.error));
    cr_assert(inner.state == GEN_CLOSED, "closing a generator suspended in `yield from` must close the inner "
              "generator too, as Python does (its state is %d)", (int)inner.state);
    cr_assert(outer.state == GEN_CLOSED, "the delegating generator is not GEN_CLOSED after gen_close");
    status = gen_next(&outer, &v);
    cr_assert(status == GEN_ERROR && outer.error == GEN_ERR_EXHAUSTED,
              "gen_next after closing returned %s (error \"%s\"); expected GEN_ERROR, GEN_ERR_EXHAUSTED",
              gen_status_name(status), gen_error_message(outer.error));
}
