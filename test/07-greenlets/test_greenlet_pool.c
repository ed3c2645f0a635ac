// greenlet_pool: stacks carved out of one mapping, so that ten thousand greenlets can be alive at
// once without ten thousand guard pages splitting the process's mappings.
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "greenlet.h"
#include "labtest.h"

LAB_SUITE(greenlet_pool, 20);

enum { ALIVE = 10000, SLOT = 16 * 1024 };

// Lines in /proc/self/maps: one per mapping.
static long count_mappings(void)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    cr_assert(maps != NULL, "cannot read /proc/self/maps: %s", strerror(errno));
    long lines = 0;
    int c;
    while ((c = getc(maps)) != EOF)
        lines += c == '\n';
    fclose(maps);
    return lines;
}

static struct greenlet *main_g;

// Keeps its number in a local, suspends, and on its way back checks that nobody wrote over
// the local: two greenlets whose stacks overlap trample each other's frames.
static int keep_a_number(void *arg, void **result)
{
    volatile intptr_t mine[16];
    for (int i = 0; i < 16; i++)
        mine[i] = (intptr_t)arg * 16 + i;
    greenlet_switch(main_g, (void *)&mine[0], NULL);
    for (int i = 0; i < 16; i++)
        if (mine[i] != (intptr_t)arg * 16 + i)
            return -EFAULT;
    *result = arg;
    return 0;
}

Test(greenlet_pool, ten_thousand_greenlets_are_alive_at_once_on_pooled_stacks)
{
    main_g = greenlet_current();
    long before = count_mappings();
    static struct greenlet_pool pool;
    int rc = greenlet_pool_init(&pool, ALIVE, SLOT);
    cr_assert(rc == 0, "greenlet_pool_init(%d stacks of %d bytes) returned %s", ALIVE, SLOT, error_name(rc));
    static struct greenlet *g[ALIVE];
    char *lo_end = pool.base + pool.page + (size_t)ALIVE * pool.slot_size;
    for (intptr_t i = 0; i < ALIVE; i++) {
        g[i] = greenlet_new_pooled("pooled", keep_a_number, NULL, &pool);
        cr_assert(g[i] != NULL, "greenlet_new_pooled failed for greenlet %jd of %d, in a pool of %d: %s "
                  "(see greenlet_pool_take)", (intmax_t)i, ALIVE, ALIVE, strerror(errno));
        char *lo = g[i]->stack.lo;
        cr_assert(lo >= pool.base + pool.page && lo + g[i]->stack.size <= lo_end &&
                      (size_t)(lo - pool.base - pool.page) % pool.slot_size == 0 &&
                      g[i]->stack.size == pool.slot_size,
                  "greenlet %jd got the stack [%p, +%zu), which is not one of the pool's slots of %zu "
                  "bytes in [%p, %p) (see greenlet_pool_take)", (intmax_t)i, (void *)lo,
                  g[i]->stack.size, pool.slot_size, (void *)(pool.base + pool.page), (void *)lo_end);
        void *frame = NULL;
        rc = greenlet_switch(g[i], (void *)i, &frame);
        cr_assert(rc == 0, "starting pooled greenlet %jd returned %s", (intmax_t)i, error_name(rc));
        cr_assert((char *)frame >= lo && (char *)frame < lo + g[i]->stack.size,
                  "pooled greenlet %jd keeps its locals at %p, outside the stack it was given, [%p, +%zu)",
                  (intmax_t)i, frame, (void *)lo, g[i]->stack.size);
    }
    long during = count_mappings();
    cr_assert(during - before < 100,
              "with %d greenlets alive on pooled stacks the process has %ld more mappings than before; "
              "the pool is one mapping (each guard page of its own would split it)", ALIVE, during - before);
    for (intptr_t i = 0; i < ALIVE; i++) {
        void *back = NULL;
        rc = greenlet_switch(g[i], NULL, &back);
        cr_assert(rc == 0 && back == (void *)i,
                  "%d greenlets kept their numbers on pooled stacks while all were alive; greenlet %jd "
                  "found its own overwritten (%s): two stacks overlap (see greenlet_pool_take)",
                  ALIVE, (intmax_t)i, error_name(rc));
        greenlet_free(g[i]);
    }
    greenlet_pool_close(&pool);
}

static int finish(void *arg, void **result)
{
    *result = arg;
    return 0;
}

Test(greenlet_pool, a_full_pool_says_enomem_and_reuses_the_stacks_of_freed_greenlets)
{
    enum { SLOTS = 100, ROUNDS = 5 };
    struct greenlet_pool pool;
    int rc = greenlet_pool_init(&pool, SLOTS, SLOT);
    cr_assert(rc == 0, "greenlet_pool_init returned %s", error_name(rc));
    struct greenlet *g[SLOTS];
    for (int round = 0; round < ROUNDS; round++) {
        for (intptr_t i = 0; i < SLOTS; i++) {
            g[i] = greenlet_new_pooled("pooled", finish, NULL, &pool);
            cr_assert(g[i] != NULL || round > 0, "greenlet %jd of %d in a fresh pool of %d failed: %s "
                      "(see greenlet_pool_take)", (intmax_t)i + 1, SLOTS, SLOTS, strerror(errno));
            cr_assert(g[i] != NULL,
                      "round %d: greenlet %jd of %d in a pool of %d failed (%s), although every greenlet "
                      "of the rounds before was freed: a freed greenlet's stack goes back to the pool "
                      "and must be handed out again (see greenlet_pool_take)",
                      round + 1, (intmax_t)i + 1, SLOTS, SLOTS, strerror(errno));
        }
        errno = 0;
        struct greenlet *extra = greenlet_new_pooled("one too many", finish, NULL, &pool);
        cr_assert(extra == NULL && errno == ENOMEM,
                  "round %d: with all %d stacks of the pool taken, one more greenlet_new_pooled should "
                  "fail with ENOMEM; it gave %p with errno %s", round + 1, SLOTS, (void *)extra,
                  error_name(errno));
        for (intptr_t i = 0; i < SLOTS; i++) {
            void *back = NULL;
            rc = greenlet_switch(g[i], (void *)i, &back);
            cr_assert(rc == 0 && back == (void *)i, "round %d: pooled greenlet %jd returned %s",
                      round + 1, (intmax_t)i, error_name(rc));
            greenlet_free(g[i]);
        }
    }
    greenlet_pool_close(&pool);
}

// A freed greenlet's stack has its top page in memory already; a fresh slot costs a page
// fault and a new page. A server that starts and frees a greenlet per request should reuse
// one warm slot again and again, not walk through the whole pool.
Test(greenlet_pool, a_stack_given_back_is_handed_out_before_a_fresh_one)
{
    struct greenlet_pool pool;
    int rc = greenlet_pool_init(&pool, 10, SLOT);
    cr_assert(rc == 0, "greenlet_pool_init returned %s", error_name(rc));
    struct greenlet_stack a, b, c, again;
    rc = greenlet_pool_take(&pool, &a);
    cr_assert(rc == 0, "greenlet_pool_take on a fresh pool of 10 returned %s", error_name(rc));
    rc = greenlet_pool_take(&pool, &b);
    cr_assert(rc == 0, "the second greenlet_pool_take of 10 returned %s", error_name(rc));
    void *given_back = b.lo;
    greenlet_pool_give(&pool, &b);
    rc = greenlet_pool_take(&pool, &again);
    cr_assert(rc == 0, "greenlet_pool_take after a stack was given back returned %s",
              error_name(rc));
    cr_assert(again.lo == given_back,
              "a stack was given back to a pool with 8 slots never used; the next "
              "greenlet_pool_take should hand out that stack (lo %p), whose top page is in "
              "memory already, but it handed out %p: take from p->released before a fresh slot "
              "(see greenlet_pool_take)", given_back, again.lo);
    rc = greenlet_pool_take(&pool, &c);
    cr_assert(rc == 0 && c.lo != a.lo && c.lo != again.lo,
              "with the given-back stack taken again, the next greenlet_pool_take should hand "
              "out a fresh slot, not one in use (got %p, in use %p and %p, rc %s)", c.lo, a.lo,
              again.lo, error_name(rc));
    greenlet_pool_close(&pool);
}
