#include "accumulator.h"

static char type_error[] = "TypeError: unsupported operand type(s) for +=";

// [accumulator_body]
static enum gen_status accumulator_body(struct gen *g, struct value sent,
                                        struct value *out)
{
    struct accumulator_frame *f = g->frame;
    GEN_BEGIN;
    f->total = value_int(0);
    for (f->count = 0;; f->count++) {
        // c += yield i: hand out i, then add whatever the next send brings.
        GEN_YIELD(value_int(f->count));
        if (value_add(f->total, sent, &f->total) < 0)
            GEN_RAISE(value_ptr(type_error));
        char text[32];
        value_format(f->total, text, sizeof text);
        fprintf(f->log, "c = %s\n", text);
    }
    GEN_END;
}
// [/accumulator_body]

void accumulator_init(struct gen *g, struct accumulator_frame *frame, FILE *log)
{
    *frame = (struct accumulator_frame){.log = log};
    gen_init(g, accumulator_body, frame);
}
