// greenlet_check: lab 07's switch checked without Criterion, for a machine we only emulate.
// tools/check/greenlets.sh builds it with Debian's aarch64 cross compiler, statically, against
// solutions/07-greenlets (the aarch64 half of greenlet_swap.S), and runs it under qemu-user
// (`make test-aarch64`; tools/install-deps.sh aarch64 installs both). It runs natively too.
// Prints "ok: ..." or "FAIL: ..." per check, and exits 1 if any failed.
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fenv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "greenlet.h"

static int failed;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    failed += !ok;
}

// --- greenlet's ping-pong: 12, 56, 34 -----------------------------------------------------
static char transcript[64];
static struct greenlet *first_g, *second_g;

static int first(void *arg, void **result)
{
    (void)arg, (void)result;
    strcat(transcript, "12 ");
    greenlet_switch(second_g, NULL, NULL);
    strcat(transcript, "34 ");
    return 0;
}

static int second(void *arg, void **result)
{
    (void)arg, (void)result;
    strcat(transcript, "56 ");
    greenlet_switch(first_g, NULL, NULL);
    strcat(transcript, "78 ");
    return 0;
}

// --- values both ways ----------------------------------------------------------------------
static struct greenlet *main_g;

static int doubler(void *arg, void **result)
{
    void *v = arg;
    for (int i = 0; i < 3; i++)
        greenlet_switch(main_g, (void *)((intptr_t)v * 2), &v);
    *result = (void *)((intptr_t)v + 1);
    return 0;
}

// --- callee-saved registers, integer and floating point ------------------------------------
static volatile unsigned long seed_main = 3, seed_other = 1000003;
static volatile double fseed_main = 1.25, fseed_other = 7.5;

// More live integers and doubles than there are callee-saved registers of each kind (x19-x28,
// d8-d15), kept across direct context swaps: a swap that forgets one changes the result.
static double churn(unsigned long seed, double fseed, struct greenlet_context *from,
                    struct greenlet_context *to)
{
    unsigned long a = seed, b = seed * 3, c = seed * 5, d = seed * 7, e = seed * 11, f = seed * 13;
    unsigned long g = seed * 17, h = seed * 19, p = seed * 23, q = seed * 29, r = seed * 31;
    double x0 = fseed, x1 = fseed * 2, x2 = fseed * 3, x3 = fseed * 4, x4 = fseed * 5, x5 = fseed * 6;
    double x6 = fseed * 7, x7 = fseed * 8, x8 = fseed * 9, x9 = fseed * 10;
    for (unsigned long i = 0; i < 1000; i++) {
        if (to != NULL)
            greenlet_context_swap(from, to, NULL);
        a = a * 3 + i, b ^= a, c += b, d -= c, e = e * 5 + d, f ^= e, g += f, h -= g, p ^= h, q += p;
        r ^= q;
        x0 = x0 * 0.5 + 1, x1 += x0, x2 -= x1 * 0.25, x3 += x2, x4 = x4 * 0.75 + x3 * 0.125;
        x5 -= x4, x6 += x5 * 0.5, x7 -= x6 * 0.0625, x8 += x7, x9 = x9 * 0.5 + x8 * 0.001;
    }
    return (double)(a ^ b ^ c ^ d ^ e ^ f ^ g ^ h ^ p ^ q ^ r) + x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 +
           x8 + x9;
}

static struct greenlet_context main_context, other_context;

static void other_entry(void *passed)
{
    (void)passed;
    churn(seed_other, fseed_other, &other_context, &main_context);
    for (;;)
        greenlet_context_swap(&other_context, &main_context, NULL);
}

// --- the rounding mode (FPCR on aarch64) ---------------------------------------------------
static int rounding_seen;

static int rounds_down(void *arg, void **result)
{
    (void)arg, (void)result;
    fesetround(FE_DOWNWARD);
    greenlet_switch(main_g, NULL, NULL);
    rounding_seen = fegetround();
    return 0;
}

// --- 100 KiB of stack, and a pool ------------------------------------------------------------
static volatile int stop_at = -1;

static long recurse(int depth)
{
    volatile char pad[1024];
    pad[0] = (char)depth;
    pad[sizeof pad - 1] = (char)(depth >> 8);
    if (depth == 0 || depth == stop_at)
        return pad[0];
    return recurse(depth - 1) + pad[0] + pad[sizeof pad - 1];
}

static int deep(void *arg, void **result)
{
    *result = (void *)recurse((int)(intptr_t)arg);
    return 0;
}

static int park(void *arg, void **result)
{
    volatile intptr_t mine = (intptr_t)arg;
    greenlet_switch(main_g, NULL, NULL);
    *result = (void *)mine;
    return 0;
}

int main(void)
{
    main_g = greenlet_current();

    first_g = greenlet_new(first, NULL);
    second_g = greenlet_new(second, NULL);
    int rc = first_g && second_g ? greenlet_switch(first_g, NULL, NULL) : -ENOMEM;
    check(rc == 0 && strcmp(transcript, "12 56 34 ") == 0, "the ping-pong prints 12, 56, 34");
    greenlet_free(first_g), greenlet_free(second_g);

    struct greenlet *g = greenlet_new(doubler, NULL);
    void *v = NULL;
    int ok = g != NULL && greenlet_switch(g, (void *)5, &v) == 0 && v == (void *)10 &&
             greenlet_switch(g, (void *)7, &v) == 0 && v == (void *)14 &&
             greenlet_switch(g, (void *)8, &v) == 0 && v == (void *)16 &&
             greenlet_switch(g, (void *)40, &v) == 0 && v == (void *)41 && g->state == GREENLET_DEAD &&
             greenlet_switch(g, NULL, NULL) == -ESRCH;
    check(ok, "values travel both ways; the result goes to the parent; a dead greenlet says ESRCH");
    greenlet_free(g);

    double expected = churn(seed_main, fseed_main, NULL, NULL);
    struct greenlet_stack stack;
    rc = greenlet_stack_new(&stack, 64 * 1024);
    if (rc == 0) {
        greenlet_context_make(&other_context, stack.lo, stack.size, other_entry);
        double got = churn(seed_main, fseed_main, &main_context, &other_context);
        check(got == expected, "integer and floating-point callee-saved registers survive 1000 switches");
        greenlet_stack_free(&stack);
    } else {
        check(0, "greenlet_stack_new for the register check");
    }

    g = greenlet_new(rounds_down, NULL);
    fesetround(FE_UPWARD);
    rc = g ? greenlet_switch(g, NULL, NULL) : -ENOMEM;
    int mine = fegetround();
    fesetround(FE_TONEAREST);
    rc = rc == 0 ? greenlet_switch(g, NULL, NULL) : rc;
    check(rc == 0 && mine == FE_UPWARD && rounding_seen == FE_DOWNWARD,
          "each greenlet keeps its own rounding mode");
    greenlet_free(g);

    g = greenlet_new(deep, NULL);
    v = NULL;
    rc = g ? greenlet_switch(g, (void *)100, &v) : -ENOMEM;
    check(rc == 0 && (long)(intptr_t)v == recurse(100), "a greenlet uses 100 KiB of stack");
    greenlet_free(g);

    enum { POOLED = 1000 };
    static struct greenlet *many[POOLED];
    struct greenlet_pool pool;
    ok = greenlet_pool_init(&pool, POOLED, 16 * 1024) == 0;
    for (intptr_t i = 0; ok && i < POOLED; i++)
        ok = (many[i] = greenlet_new_pooled("pooled", park, NULL, &pool)) != NULL &&
             greenlet_switch(many[i], (void *)i, NULL) == 0;
    for (intptr_t i = 0; ok && i < POOLED; i++) {
        ok = greenlet_switch(many[i], NULL, &v) == 0 && v == (void *)i;
        greenlet_free(many[i]);
    }
    check(ok, "a thousand greenlets alive at once on pooled stacks");
    greenlet_pool_close(&pool);

#if defined(__aarch64__)
    const char *machine = "aarch64";
#elif defined(__x86_64__)
    const char *machine = "x86-64";
#else
    const char *machine = "another machine (ucontext)";
#endif
    printf("%s: greenlet_check on %s\n", failed ? "FAIL" : "ok", machine);
    return failed != 0;
}
