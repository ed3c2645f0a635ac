// switch_count N: N round trips between the main greenlet and another, and nothing else, so
// that a system-call count (strace -c) of two runs with different N shows what one switch
// costs in system calls: none with the assembly switch, one per switch with swapcontext,
// which saves and restores the signal mask (tools/check/greenlets.sh compares them).
#include <stdint.h>
#include <stdlib.h>

#include "greenlet.h"

// [loop]
static struct greenlet *main_g;

static int bounce(void *arg, void **result)
{
    (void)result;
    for (;;)
        greenlet_switch(main_g, arg, &arg);
    return 0;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000;
    main_g = greenlet_current();
    struct greenlet *g = greenlet_new(bounce, NULL);
    if (g == NULL)
        return 1;
    for (long i = 0; i < n; i++)
        if (greenlet_switch(g, (void *)(intptr_t)i, NULL) != 0)
            return 1;
    return 0;
}
// [/loop]
