// demo_accumulator: the C twin of accumulator.py - the same session, the same output.
#include <stdio.h>

#include "accumulator.h"

// Prints one "send x -> y" line the way Python prints a number.
static void show_send(struct gen *g, struct value x)
{
    struct value yielded;
    char sent_text[32], yielded_text[32];
    value_format(x, sent_text, sizeof sent_text);
    if (gen_send(g, x, &yielded) == GEN_YIELDED) {
        value_format(yielded, yielded_text, sizeof yielded_text);
        printf("send %s -> %s\n", sent_text, yielded_text);
    } else {
        printf("send %s failed: %s\n", sent_text, gen_error_message(g->error));
    }
}

// [session]
int main(void)
{
    struct accumulator_frame frame;
    struct gen g;
    struct value v;
    accumulator_init(&g, &frame, stdout);
    if (gen_send(&g, value_int(10), &v) == GEN_ERROR && g.error == GEN_ERR_NOT_STARTED)
        printf("send(10) before starting: can't send non-None value to a just-started "
               "generator\n");
    if (gen_next(&g, &v) != GEN_YIELDED)
        return 1;
    printf("next: %lld\n", (long long)v.as.i);
    const struct value sends[] = {value_int(10), value_int(5), value_int(20),
                                  value_double(1.5)};
    for (int i = 0; i < 4; i++)
        show_send(&g, sends[i]);
    gen_close(&g);
    if (gen_send(&g, value_int(1), &v) == GEN_ERROR && g.error == GEN_ERR_EXHAUSTED)
        printf("send after close: StopIteration\n");
    return 0;
}
// [/session]
