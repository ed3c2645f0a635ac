// gen_send and gen_next: Python's generator protocol, step by step, with its errors.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accumulator.h"
#include "countdown.h"
#include "labtest.h"

LAB_SUITE(gen_send, 10);

// Asserts that a step yielded the integer expected, saying what the step was.
static void expect_yield(enum gen_status status, struct value v, int64_t expected, const char *step,
                         const struct gen *g)
{
    cr_assert(status == GEN_YIELDED, "%s returned %s (error: %s); it should yield %lld", step, gen_status_name(status),
              gen_error_message(g->error), (long long)expected);
    cr_assert(v.kind == VALUE_INT && v.as.i == expected, "%s yielded a value of kind %d (%lld); expected the int %lld",
              step, (int)v.kind, (long long)v.as.i, (long long)expected);
    cr_assert(g->state == GEN_SUSPENDED, "after %s yielded, the generator's state is %d; it should be GEN_SUSPENDED",
              step, (int)g->state);
}

Test(gen_send, next_steps_a_simple_generator_to_its_return_value)
{
    struct countdown_frame frame;
    struct gen g;
    struct value v;
    countdown_init(&g, &frame, 3, NULL);
    cr_assert(g.state == GEN_CREATED, "countdown_init left state %d; gen_init must set GEN_CREATED", (int)g.state);
    for (int64_t expected = 3; expected >= 1; expected--)
        expect_yield(gen_next(&g, &v), v, expected, "gen_next on countdown(3)", &g);
    enum gen_status status = gen_next(&g, &v);
    cr_assert(status == GEN_RETURNED, "the fourth gen_next on countdown(3) returned %s (error: %s); the body has "
              "reached its return, so it should report GEN_RETURNED", gen_status_name(status),
              gen_error_message(g.error));
    cr_assert(v.kind == VALUE_PTR && v.as.p == COUNTDOWN_RETURN,
              "the countdown returned \"liftoff\" but *out does not hold it: the return value must reach the caller, "
              "like StopIteration.value");
    cr_assert(g.state == GEN_CLOSED, "a generator that has returned must be GEN_CLOSED (state is %d)", (int)g.state);
}

Test(gen_send, the_accumulator_prints_the_python_transcript)
{
    char *text = NULL;
    size_t size = 0;
    FILE *log = open_memstream(&text, &size);
    cr_assert(log != NULL, "open_memstream failed");
    struct accumulator_frame frame;
    struct gen g;
    struct value v;
    accumulator_init(&g, &frame, log);

    // The session of accumulator.py, from next() to the last send, written to the same log.
    enum gen_status status = gen_next(&g, &v);
    cr_assert(status == GEN_YIELDED, "next() on a new accumulator returned %s (error: %s); it should run the body "
              "to its first yield", gen_status_name(status), gen_error_message(g.error));
    fprintf(log, "next: %lld\n", (long long)v.as.i);
    const struct value sends[] = {value_int(10), value_int(5), value_int(20), value_double(1.5)};
    for (int i = 0; i < 4; i++) {
        char sent[32], yielded[32];
        value_format(sends[i], sent, sizeof sent);
        status = gen_send(&g, sends[i], &v);
        cr_assert(status == GEN_YIELDED, "send(%s) returned %s (error: %s); the accumulator yields forever", sent,
                  gen_status_name(status), gen_error_message(g.error));
        value_format(v, yielded, sizeof yielded);
        fprintf(log, "send %s -> %s\n", sent, yielded);
    }
    fclose(log);
    const char *python = "next: 0\n"
                         "c = 10\nsend 10 -> 1\n"
                         "c = 15\nsend 5 -> 2\n"
                         "c = 35\nsend 20 -> 3\n"
                         "c = 36.5\nsend 1.5 -> 4\n";
    cr_assert(strcmp(text, python) == 0,
              "the session printed\n%s\nbut Python prints\n%s\nEach sent value must become the value of the "
              "yield the body is suspended at", text, python);
    free(text);
}

Test(gen_send, a_just_started_generator_accepts_only_none)
{
    struct countdown_frame frame;
    struct gen g;
    struct value v = value_int(99);
    countdown_init(&g, &frame, 5, NULL);
    const struct value refused[] = {value_int(10), value_int(0), value_double(0.0), value_ptr(NULL)};
    for (int i = 0; i < 4; i++) {
        enum gen_status status = gen_send(&g, refused[i], &v);
        cr_assert(status == GEN_ERROR && g.error == GEN_ERR_NOT_STARTED,
                  "sending a value of kind %d to a just-started generator returned %s with error \"%s\"; Python "
                  "raises TypeError: there is no yield yet for the value to become. Expected GEN_ERROR with "
                  "GEN_ERR_NOT_STARTED. (0 and NULL are not None: look at the value's kind.)",
                  (int)refused[i].kind, gen_status_name(status), gen_error_message(g.error));
        cr_assert(g.state == GEN_CREATED, "a refused first send must leave the generator GEN_CREATED (state is %d)",
                  (int)g.state);
    }
    expect_yield(gen_next(&g, &v), v, 5, "gen_next after the refused sends", &g);
}

Test(gen_send, exhaustion_delivers_the_return_value_then_sends_fail)
{
    struct countdown_frame frame;
    struct gen g;
    struct value v;
    countdown_init(&g, &frame, 1, NULL);
    expect_yield(gen_next(&g, &v), v, 1, "gen_next on countdown(1)", &g);
    enum gen_status status = gen_send(&g, value_int(7), &v);
    cr_assert(status == GEN_RETURNED && v.kind == VALUE_PTR && v.as.p == COUNTDOWN_RETURN,
              "the last send to countdown(1) returned %s; it should be GEN_RETURNED with the return value in *out",
              gen_status_name(status));
    for (int i = 0; i < 2; i++) {
        v = value_int(99);
        status = i == 0 ? gen_next(&g, &v) : gen_send(&g, value_int(1), &v);
        cr_assert(status == GEN_ERROR && g.error == GEN_ERR_EXHAUSTED,
                  "%s on a generator that has returned gave %s with error \"%s\"; Python raises StopIteration "
                  "again: expected GEN_ERROR with GEN_ERR_EXHAUSTED (and the body must not run again)",
                  i == 0 ? "gen_next" : "gen_send(1)", gen_status_name(status), gen_error_message(g.error));
        cr_assert(value_is_none(v), "a failed send must set *out to None (it holds a value of kind %d)", (int)v.kind);
    }

    // A body that raises is finished too: `c += None` is a TypeError in the accumulator.
    struct accumulator_frame acc_frame;
    FILE *devnull = fopen("/dev/null", "w");
    cr_assert(devnull != NULL);
    accumulator_init(&g, &acc_frame, devnull);
    expect_yield(gen_next(&g, &v), v, 0, "gen_next on a new accumulator", &g);
    status = gen_next(&g, &v);
    cr_assert(status == GEN_ERROR && g.error == GEN_ERR_RAISED && v.kind == VALUE_PTR,
              "sending None to a started accumulator makes its body raise, but gen_send returned %s with error "
              "\"%s\": expected GEN_ERROR, GEN_ERR_RAISED and what the body raised in *out", gen_status_name(status),
              gen_error_message(g.error));
    status = gen_send(&g, value_int(1), &v);
    cr_assert(status == GEN_ERROR && g.error == GEN_ERR_EXHAUSTED,
              "a generator whose body raised is finished, but the next send returned %s with error \"%s\"",
              gen_status_name(status), gen_error_message(g.error));
    fclose(devnull);
}

// A generator that tries to resume itself, and to close itself, from inside its own body.
struct selfish_frame {
    struct gen *self;
    int entered;
    enum gen_state state_inside;
    enum gen_status resend_status;
    enum gen_error resend_error;
    int close_rc;
    enum gen_error close_error;
};

static enum gen_status selfish_body(struct gen *g, struct value sent, struct value *out)
{
    struct selfish_frame *f = g->frame;
    GEN_BEGIN;
    // Entered twice means the re-entrant send ran the body again from the top: stop that here
    // rather than recurse until the stack runs out.
    if (f->entered++)
        GEN_RAISE(value_none());
    f->state_inside = f->self->state;
    struct value ignored;
    f->resend_status = gen_send(f->self, value_none(), &ignored);
    f->resend_error = f->self->error;
    f->close_rc = gen_close(f->self);
    f->close_error = f->self->error;
    GEN_YIELD(value_int(1));
    GEN_END;
}

Test(gen_send, a_running_generator_refuses_to_be_resumed)
{
    struct selfish_frame frame = {0};
    struct gen g;
    struct value v;
    gen_init(&g, selfish_body, &frame);
    frame.self = &g;
    enum gen_status status = gen_next(&g, &v);
    cr_assert(frame.entered >= 1, "gen_next returned %s without running the body (error: %s)", gen_status_name(status),
              gen_error_message(g.error));
    cr_assert(frame.entered == 1, "the body sent to its own generator and that send ran the body a second time: "
              "a running generator must refuse (ValueError: generator already executing)");
    cr_assert(frame.state_inside == GEN_RUNNING,
              "inside its body the generator's state was %d: gen_send must mark it GEN_RUNNING while the body runs",
              (int)frame.state_inside);
    cr_assert(frame.resend_status == GEN_ERROR && frame.resend_error == GEN_ERR_RUNNING,
              "a send from the body to its own generator returned %s with error \"%s\"; expected GEN_ERROR with "
              "GEN_ERR_RUNNING", gen_status_name(frame.resend_status), gen_error_message(frame.resend_error));
    cr_assert(frame.close_rc == -EBUSY && frame.close_error == GEN_ERR_RUNNING,
              "gen_close from inside the body returned %d (%s) with error \"%s\"; a running generator cannot be "
              "closed: it should return -EBUSY with GEN_ERR_RUNNING", frame.close_rc, error_name(frame.close_rc),
              gen_error_message(frame.close_error));
    expect_yield(status, v, 1, "gen_next on the self-sending generator", &g);
    status = gen_next(&g, &v);
    cr_assert(status == GEN_RETURNED && value_is_none(v),
              "after the refused re-entrant send the generator should carry on normally and fall off its end "
              "(GEN_RETURNED, None), but gen_next returned %s", gen_status_name(status));
}
