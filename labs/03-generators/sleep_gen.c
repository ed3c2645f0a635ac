#include "sleep_gen.h"

#include "clock.h"

// [sleep_gen_body]
static enum gen_status sleep_gen_body(struct gen *g, struct value sent,
                                      struct value *out)
{
    struct sleep_frame *f = g->frame;
    // TODO(lab 03): between GEN_BEGIN and GEN_END, set f->deadline_ns to now + the
    // duration (clock_now_ns(), NS_PER_MS), then GEN_YIELD(value_none()) while the
    // deadline is still ahead, then GEN_RETURN(value_int(f->id)).
    (void)f, (void)sent;
    *out = value_none();
    return GEN_ERROR;
}
// [/sleep_gen_body]

// [deadline_sleep_gen_body]
static enum gen_status deadline_sleep_gen_body(struct gen *g, struct value sent,
                                               struct value *out)
{
    struct sleep_frame *f = g->frame;
    // TODO(lab 03): like sleep_gen_body, but yield value_int(f->deadline_ns) instead
    // of None, so the loop knows how long it may sleep.
    (void)f, (void)sent;
    *out = value_none();
    return GEN_ERROR;
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
