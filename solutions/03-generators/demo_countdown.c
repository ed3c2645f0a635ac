// demo_countdown: the C twin of countdown.py - the same session, the same output.
#include <stdio.h>

#include "countdown.h"

// [session]
int main(void)
{
    struct countdown_frame frame;
    struct gen g;
    struct value v;
    countdown_init(&g, &frame, 5, stdout);
    printf("created, nothing printed yet\n");
    for (int i = 0; i < 2; i++) {
        if (gen_next(&g, &v) != GEN_YIELDED)
            return 1;
        printf("next: %lld\n", (long long)v.as.i);
    }
    enum gen_status status;
    while ((status = gen_next(&g, &v)) == GEN_YIELDED)
        printf("drained: %lld\n", (long long)v.as.i);
    if (status != GEN_RETURNED)
        return 1;
    printf("returned: %s\n", (char *)v.as.p);
    if (gen_next(&g, &v) == GEN_ERROR && g.error == GEN_ERR_EXHAUSTED)
        printf("next again: StopIteration (exhausted)\n");
    return 0;
}
// [/session]
