#include "countdown.h"

char COUNTDOWN_RETURN[] = "liftoff";

// [countdown_body]
static enum gen_status countdown_body(struct gen *g, struct value sent,
                                      struct value *out)
{
    struct countdown_frame *f = g->frame;
    GEN_BEGIN;
    // Nothing runs until the first next(): creating a generator only
    // fills in its frame.
    if (f->log)
        fprintf(f->log, "Starting\n");
    while (f->n > 0) {
        GEN_YIELD(value_int(f->n));
        f->n--;
    }
    GEN_RETURN(value_ptr(COUNTDOWN_RETURN));
    GEN_END;
}
// [/countdown_body]

void countdown_init(struct gen *g, struct countdown_frame *frame, int64_t n, FILE *log)
{
    *frame = (struct countdown_frame){.n = n, .log = log};
    gen_init(g, countdown_body, frame);
}
