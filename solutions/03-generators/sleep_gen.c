#include "sleep_gen.h"

#include "clock.h"

// [sleep_gen_body]
static enum gen_status sleep_gen_body(struct gen *g, struct value sent,
                                      struct value *out)
{
    struct sleep_frame *f = g->frame;
    /* BEGIN SOLUTION */
    GEN_BEGIN;
    f->deadline_ns = clock_now_ns() + f->duration_ms * NS_PER_MS;
    // The deadline lives in the frame: a plain local would be gone after the first yield.
    while (clock_now_ns() < f->deadline_ns)
        GEN_YIELD(value_none());
    GEN_RETURN(value_int(f->id));
    GEN_END;
    /* BEGIN STUB
    // TODO(lab 03): yield None until duration_ms have passed since the first step,
    // then return the id. Whatever must outlive a yield lives in the frame f.
    // Chapter 3, "An event loop that drives generators"; hints: #hints-sleep-gen.
    (void)f, (void)sent;
    *out = value_none();
    return GEN_ERROR;
    END STUB */
}
// [/sleep_gen_body]

// [deadline_sleep_gen_body]
static enum gen_status deadline_sleep_gen_body(struct gen *g, struct value sent,
                                               struct value *out)
{
    struct sleep_frame *f = g->frame;
    /* BEGIN SOLUTION */
    GEN_BEGIN;
    f->deadline_ns = clock_now_ns() + f->duration_ms * NS_PER_MS;
    // Resumed early (the loop may run everyone on each pass)? Say again what we wait for.
    while (clock_now_ns() < f->deadline_ns)
        GEN_YIELD(value_int(f->deadline_ns));
    GEN_RETURN(value_int(f->id));
    GEN_END;
    /* BEGIN STUB
    // TODO(lab 03): the same sleep, but each yield says what it waits for: its
    // deadline on lab 01's clock, so that a loop knows how long it may sleep.
    // Chapter 3, "An event loop that drives generators"; hints: #hints-deadline-sleep.
    (void)f, (void)sent;
    *out = value_none();
    return GEN_ERROR;
    END STUB */
}
// [/deadline_sleep_gen_body]

static void sleep_frame_init(struct sleep_frame *frame, int64_t duration_ms,
                             int64_t id)
{
    *frame = (struct sleep_frame){.duration_ms = duration_ms, .id = id};
}

void sleep_gen_init(struct gen *g, struct sleep_frame *frame, int64_t duration_ms,
                    int64_t id)
{
    sleep_frame_init(frame, duration_ms, id);
    gen_init(g, sleep_gen_body, frame);
}

void deadline_sleep_gen_init(struct gen *g, struct sleep_frame *frame,
                             int64_t duration_ms, int64_t id)
{
    sleep_frame_init(frame, duration_ms, id);
    gen_init(g, deadline_sleep_gen_body, frame);
}
