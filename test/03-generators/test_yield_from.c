// yield from: the outer generator is a window onto the inner one until it returns, and then
// `yield from` evaluates to the inner return value. Lab 04's `await` is this, unchanged.
#include <stdio.h>
#include <stdlib.h>

#include "accumulator.h"
#include "labtest.h"

LAB_SUITE(yield_from, 10);

// Python:  def adder():
//              total = 0
//              while (x := yield total) is not None:
//                  total += x
//              return total
struct adder_frame {
    int64_t total;
    int first_sent_was_none;
};

static enum gen_status adder_body(struct gen *g, struct value sent, struct value *out)
{
    struct adder_frame *f = g->frame;
    GEN_BEGIN;
    f->total = 0;
    for (;;) {
        GEN_YIELD(value_int(f->total));
        if (value_is_none(sent))
            break;
        f->total += sent.as.i;
    }
    GEN_RETURN(value_int(f->total));
    GEN_END;
}

// Python:  def outer():
//              before = yield -1
//              result = yield from adder()
//              yield 1000 + result
//              return result
struct outer_frame {
    struct gen adder;
    struct adder_frame adder_frame;
    struct value before, result;
};

static enum gen_status outer_body(struct gen *g, struct value sent, struct value *out)
{
    struct outer_frame *f = g->frame;
    GEN_BEGIN;
    GEN_YIELD(value_int(-1));
    f->before = sent;
    gen_init(&f->adder, adder_body, &f->adder_frame);
    GEN_YIELD_FROM(&f->adder, f->result);
    GEN_YIELD(value_int(1000 + f->result.as.i));
    GEN_RETURN(f->result);
    GEN_END;
}

static void expect_int(struct gen *g, enum gen_status status, enum gen_status expected_status, struct value v,
                       int64_t expected, const char *step)
{
    cr_assert(status == expected_status, "%s returned %s (error: %s); expected %s %lld", step, gen_status_name(status),
              gen_error_message(g->error), expected_status == GEN_YIELDED ? "a yield of" : "a return of",
              (long long)expected);
    cr_assert(v.kind == VALUE_INT && v.as.i == expected, "%s gave %lld (kind %d); expected %lld", step,
              (long long)v.as.i, (int)v.kind, (long long)expected);
}

Test(yield_from, forwards_sends_and_evaluates_to_the_inner_return_value)
{
    struct outer_frame frame;
    struct gen g;
    struct value v;
    gen_init(&g, outer_body, &frame);
    expect_int(&g, gen_next(&g, &v), GEN_YIELDED, v, -1, "next() on outer");
    // The outer generator was sent 100, but the new adder must be started with None (next),
    // never with a value: a just-started generator would refuse it.
    expect_int(&g, gen_send(&g, value_int(100), &v), GEN_YIELDED, v, 0,
               "send(100), which starts `yield from adder()`,");
    cr_assert(frame.before.kind == VALUE_INT && frame.before.as.i == 100, "the outer body did not receive the 100");
    cr_assert(g.state == GEN_SUSPENDED && frame.adder.state == GEN_SUSPENDED,
              "while delegating, both generators should be GEN_SUSPENDED between sends (outer %d, inner %d)",
              (int)g.state, (int)frame.adder.state);
    expect_int(&g, gen_send(&g, value_int(5), &v), GEN_YIELDED, v, 5,
               "send(5) to outer, which the adder should receive,");
    expect_int(&g, gen_send(&g, value_int(7), &v), GEN_YIELDED, v, 12, "send(7) to outer");
    expect_int(&g, gen_next(&g, &v), GEN_YIELDED, v, 1012,
               "next() to outer (the adder returns 12, so `yield from` evaluates to 12 and outer yields 1000 + 12)");
    cr_assert(frame.adder.state == GEN_CLOSED, "the adder has returned but its state is %d", (int)frame.adder.state);
    expect_int(&g, gen_next(&g, &v), GEN_RETURNED, v, 12, "the last next() to outer");
}

// `return (yield from inner)`, for chains of delegation.
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

Test(yield_from, nests_and_passes_an_inner_error_out)
{
    char *text = NULL;
    size_t size = 0;
    FILE *log = open_memstream(&text, &size);
    cr_assert(log != NULL);
    struct accumulator_frame acc_frame;
    struct gen acc, middle, top;
    struct relay_frame middle_frame = {.inner = &acc}, top_frame = {.inner = &middle};
    struct value v;
    accumulator_init(&acc, &acc_frame, log);
    gen_init(&middle, relay_body, &middle_frame);
    gen_init(&top, relay_body, &top_frame);

    expect_int(&top, gen_next(&top, &v), GEN_YIELDED, v, 0, "next() through two levels of yield from");
    expect_int(&top, gen_send(&top, value_int(10), &v), GEN_YIELDED, v, 1, "send(10) through two levels");
    fflush(log);
    cr_assert(size > 0, "send(10) through two levels of yield from never reached the accumulator");
    cr_assert(middle.state == GEN_SUSPENDED && acc.state == GEN_SUSPENDED, "between sends every generator in the "
              "chain should be GEN_SUSPENDED (middle %d, accumulator %d)", (int)middle.state, (int)acc.state);

    // c += None raises inside the accumulator; the exception travels out through both yield froms.
    enum gen_status status = gen_next(&top, &v);
    cr_assert(status == GEN_ERROR, "the innermost generator raised, but the outermost send returned %s: an error "
              "inside `yield from` must propagate out of it", gen_status_name(status));
    cr_assert(top.error == GEN_ERR_RAISED && v.kind == VALUE_PTR,
              "the error reached the top as \"%s\" with a value of kind %d; it should keep the inner error "
              "(GEN_ERR_RAISED) and what was raised", gen_error_message(top.error), (int)v.kind);
    cr_assert(acc.state == GEN_CLOSED && middle.state == GEN_CLOSED && top.state == GEN_CLOSED,
              "after the error every generator in the chain is finished (states %d, %d, %d)", (int)acc.state,
              (int)middle.state, (int)top.state);
    fclose(log);
    free(text);
}
