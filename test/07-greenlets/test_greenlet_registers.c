// greenlet_registers: what the switch must save - the registers a called function must give
// back unchanged, and the floating-point control state - survives any number of switches.
#include <errno.h>
#include <fenv.h>
#include <stdint.h>
#include <string.h>

#include "greenlet.h"
#include "labtest.h"

LAB_SUITE(greenlet_registers, 10);

static volatile long seed_main = 3, seed_other = 1000003;

// Six values live across every switch: the compiler keeps them in callee-saved registers
// (rbx, r12-r15, rbp on x86-64; x19-x28 on aarch64), as any C caller may.
#define STEP(a, b, c, d, e, f) \
    (a = a * 3 + 1, b ^= a, c += b, d -= c, e = e * 5 + d, f ^= e)

static unsigned long churn(unsigned long seed, struct greenlet *to, int rounds, int *failed)
{
    unsigned long a = seed, b = seed * 7, c = seed ^ 0x55, d = seed + 11, e = seed * 13, f = seed - 5;
    for (int i = 0; i < rounds; i++) {
        if (to != NULL && greenlet_switch(to, NULL, NULL) != 0)
            *failed = 1;
        STEP(a, b, c, d, e, f);
    }
    return a ^ b ^ c ^ d ^ e ^ f;
}

static struct greenlet *main_g;

static int other(void *arg, void **result)
{
    (void)arg;
    int failed = 0;
    *result = (void *)(uintptr_t)churn(seed_other, main_g, 1000, &failed);
    return failed ? -EPROTO : 0;
}

Test(greenlet_registers, callee_saved_registers_survive_a_switch)
{
    int failed = 0;
    unsigned long expected = churn(seed_main, NULL, 1000, &failed);
    main_g = greenlet_current();
    struct greenlet *g = greenlet_new(other, NULL);
    cr_assert(g != NULL, "greenlet_new failed: %s", strerror(errno));
    unsigned long got = churn(seed_main, g, 1000, &failed);
    cr_assert(!failed, "a switch failed in the middle of the churn");
    cr_assert(got == expected,
              "values held in registers across greenlet_switch changed: the switch must save and "
              "restore every callee-saved register (greenlet_swap.S)");
    greenlet_free(g);
}

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
