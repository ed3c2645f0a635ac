#include "gen.h"

#include <errno.h>
#include <stddef.h>

void gen_init(struct gen *g, gen_body_fn *body, void *frame)
{
    *g = (struct gen){.body = body, .frame = frame, .resume = 0,
                      .state = GEN_CREATED, .error = GEN_OK};
}

// [refusal]
// The error Python would raise instead of resuming g with sent, or
// GEN_OK if g may run.
static enum gen_error refusal(const struct gen *g, struct value sent)
{
    /* BEGIN SOLUTION */
    switch (g->state) {
    case GEN_CREATED:
        // The body has not reached a yield yet, so there is no yield expression for the value
        // to become: only None (next) can start it.
        return value_is_none(sent) ? GEN_OK : GEN_ERR_NOT_STARTED;
    case GEN_SUSPENDED:
        return GEN_OK;
    case GEN_RUNNING:
        // Its frame is in use further up the C stack: resuming it would jump into the middle
        // of a step that has not finished.
        return GEN_ERR_RUNNING;
    case GEN_CLOSED:
        return GEN_ERR_EXHAUSTED;
    }
    return GEN_ERR_EXHAUSTED;
    /* BEGIN STUB
    // TODO(lab 03): which error would Python raise if g were resumed with sent,
    // given g's state? GEN_OK when g may run. A refusal changes nothing.
    // Chapter 3, "What you write"; hints: #hints-refusal.
    (void)g, (void)sent;
    return GEN_OK;
    END STUB */
}
// [/refusal]

// [step]
// Runs g (already marked running) until it yields, returns or fails. While g delegates
// to an inner generator, the step belongs to the inner one: sent goes to it and what
// it yields comes straight out, without calling g's body at all.
static enum gen_status step(struct gen *g, struct value sent, struct value *out)
{
    /* BEGIN SOLUTION */
    for (;;) {
        if (g->inner != NULL) {
            enum gen_status inner_status = gen_send(g->inner, sent, out);
            if (inner_status == GEN_YIELDED)
                return GEN_YIELDED;
            struct gen *inner = g->inner;
            g->inner = NULL;
            if (inner_status == GEN_ERROR) {
                // An exception inside `yield from` propagates out of it: we fail the same way.
                g->error = inner->error;
                return GEN_ERROR;
            }
            // The inner generator returned: its value is what `yield from` evaluates to, and
            // the body picks it up as `sent` at the resume point after GEN_YIELD_FROM.
            sent = *out;
        }
        enum gen_status status = g->body(g, sent, out);
        if (status == GEN_ERROR)
            g->error = GEN_ERR_RAISED;
        if (status != GEN_DELEGATING)
            return status;
        // The body has just started a `yield from`: start the inner generator the way Python
        // does, with next(), then go round to forward to it.
        sent = value_none();
    }
    /* BEGIN STUB
    // TODO(lab 03): run one step of g: its body or, while it delegates (yield from),
    // its inner generator, whose return value resumes the body. Errors travel out.
    // Chapter 3, "How `yield from` becomes `await`"; hints: #hints-step.
    (void)g, (void)sent;
    *out = value_none();
    return GEN_ERROR;
    END STUB */
}
// [/step]

// [gen_send]
enum gen_status gen_send(struct gen *g, struct value sent, struct value *out)
{
    *out = value_none();
    enum gen_error refused = refusal(g, sent);
    if (refused != GEN_OK) {
        g->error = refused; // and the state stays as it was: a refused
                            // send changes nothing
        return GEN_ERROR;
    }
    g->state = GEN_RUNNING;
    enum gen_status status = step(g, sent, out);
    g->state = status == GEN_YIELDED ? GEN_SUSPENDED : GEN_CLOSED;
    return status;
}
// [/gen_send]

enum gen_status gen_next(struct gen *g, struct value *out)
{
    return gen_send(g, value_none(), out);
}

// [gen_close]
int gen_close(struct gen *g)
{
    /* BEGIN SOLUTION */
    if (g->state == GEN_RUNNING) {
        g->error = GEN_ERR_RUNNING;
        return -EBUSY;
    }
    // Python closes the generator a `yield from` is suspended in too: nobody else holds it,
    // and it would otherwise stay suspended forever.
    if (g->inner != NULL) {
        int rc = gen_close(g->inner);
        if (rc < 0) {
            g->error = g->inner->error;
            return rc;
        }
        g->inner = NULL;
    }
    g->state = GEN_CLOSED;
    return 0;
    /* BEGIN STUB
    // TODO(lab 03): finish g, and first the generator it delegates to, without
    // running any more of their bodies; a running g is refused with -EBUSY.
    // Chapter 3, "What you write"; hints: #hints-gen-close.
    (void)g;
    return -ENOSYS;
    END STUB */
}
// [/gen_close]

const char *gen_status_name(enum gen_status status)
{
    switch (status) {
    case GEN_YIELDED:
        return "GEN_YIELDED";
    case GEN_RETURNED:
        return "GEN_RETURNED";
    case GEN_ERROR:
        return "GEN_ERROR";
    case GEN_DELEGATING:
        return "GEN_DELEGATING";
    }
    return "an unknown gen_status";
}

const char *gen_error_message(enum gen_error error)
{
    switch (error) {
    case GEN_OK:
        return "no error recorded";
    case GEN_ERR_NOT_STARTED:
        return "TypeError: can't send non-None value to a just-started generator";
    case GEN_ERR_EXHAUSTED:
        return "StopIteration: the generator has already finished";
    case GEN_ERR_RUNNING:
        return "ValueError: generator already executing";
    case GEN_ERR_RAISED:
        return "the generator raised an error";
    }
    return "unknown generator error";
}
