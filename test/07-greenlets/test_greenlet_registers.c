// greenlet_registers: what the switch must save - the registers a called function must give
// back unchanged, and the floating-point control state - survives any number of switches.
#include <errno.h>
#include <fenv.h>
#include <stdint.h>
#include <string.h>

#include "greenlet.h"
#include "labtest.h"

LAB_SUITE(greenlet_registers, 10);

static volatile unsigned long seed_main = 3, seed_other = 1000003;

// Ten values and a counter live across every switch: more than there are callee-saved
// registers (rbx, rbp, r12-r15 on x86-64; x19-x28 on aarch64), so the compiler keeps some in
// each of them, as any C caller may. The two sides count from different starts, so no
// register holds the same value in both. They call the context swap itself: greenlet_switch
// would save, in its own frame, the registers it uses, and hide a swap that forgets them.
static unsigned long churn(unsigned long seed, struct greenlet_context *from, struct greenlet_context *to,
                           unsigned long start)
{
    unsigned long v[10];
    for (int k = 0; k < 10; k++)
        v[k] = seed * (unsigned long)(k + 3) + (unsigned long)k;
    unsigned long a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];
    unsigned long p = v[8], q = v[9];
    for (unsigned long i = start; i != start + 1000; i++) {
        if (to != NULL)
            greenlet_context_swap(from, to, NULL);
        a = a * 3 + i, b ^= a, c += b, d -= c, e = e * 5 + d, f ^= e, g += f, h -= g, p ^= h, q += p;
    }
    return a ^ b ^ c ^ d ^ e ^ f ^ g ^ h ^ p ^ q;
}

static struct greenlet_context main_context, other_context;

static void other_entry(void *passed)
{
    (void)passed;
    churn(seed_other, &other_context, &main_context, 1ul << 40);
    for (;;) // never resumed again: the test frees the stack
        greenlet_context_swap(&other_context, &main_context, NULL);
}

Test(greenlet_registers, callee_saved_registers_survive_a_switch)
{
    unsigned long expected = churn(seed_main, NULL, NULL, 0);
    struct greenlet_stack stack;
    int rc = greenlet_stack_new(&stack, 64 * 1024);
    cr_assert(rc == 0, "greenlet_stack_new returned %s", error_name(rc));
    greenlet_context_make(&other_context, stack.lo, stack.size, other_entry);
    unsigned long got = churn(seed_main, &main_context, &other_context, 0);
    cr_assert(got == expected,
              "values held in registers across a thousand switches changed: the switch must save "
              "and restore every callee-saved register (greenlet_swap.S)");
    greenlet_stack_free(&stack);
}

static struct greenlet *main_g;

static int rounding_seen;

static int rounds_down(void *arg, void **result)
{
    (void)arg, (void)result;
    fesetround(FE_DOWNWARD);
    greenlet_switch(main_g, NULL, NULL);
    rounding_seen = fegetround();
    return 0;
}

Test(greenlet_registers, each_greenlet_keeps_its_own_rounding_mode)
{
    main_g = greenlet_current();
    struct greenlet *g = greenlet_new(rounds_down, NULL);
    cr_assert(g != NULL, "greenlet_new failed: %s", strerror(errno));
    fesetround(FE_UPWARD);
    int rc = greenlet_switch(g, NULL, NULL);
    int mine = fegetround();
    fesetround(FE_TONEAREST);
    cr_assert(rc == 0, "the switch into the greenlet returned %s", error_name(rc));
    cr_assert(mine == FE_UPWARD,
              "main set FE_UPWARD, a greenlet set FE_DOWNWARD and switched back: main's rounding mode "
              "changed. The floating-point control words (MXCSR and the x87 control word, FPCR on "
              "aarch64) are callee-saved: the switch must save and restore them");
    rc = greenlet_switch(g, NULL, NULL);
    cr_assert(rc == 0 && rounding_seen == FE_DOWNWARD,
              "the greenlet set FE_DOWNWARD, switched away and back, and found its rounding mode changed");
    greenlet_free(g);
}
