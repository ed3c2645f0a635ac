// bench_greenlet_pool: 10^5 greenlets alive at once on pooled stacks (one mapping, slots of
// 64 KiB), each started and suspended in its function. Prints the resident memory they added,
// per greenlet (`greenlet_1e5_rss_bytes_per_task`: a touched stack page plus the struct), and
// the time to create and start them all (`greenlet_1e5_start_ms`).
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "clock.h"
#include "greenlet.h"

enum { COUNT = 100 * 1000, SLOT = 64 * 1024 };

static struct greenlet *main_g;

static int park(void *arg, void **result)
{
    greenlet_switch(main_g, arg, NULL);
    *result = arg;
    return 0;
}

// Resident bytes of this process, from /proc/self/statm.
static long resident_bytes(void)
{
    long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL || fscanf(f, "%ld %ld", &size, &resident) != 2)
        resident = -1;
    if (f != NULL)
        fclose(f);
    return resident * sysconf(_SC_PAGESIZE);
}

int main(void)
{
    main_g = greenlet_current();
    static struct greenlet *g[COUNT];
    static struct greenlet_pool pool;
    greenlet_overflow_watch(); // its alternate stack is not the greenlets' cost
    long before = resident_bytes();
    int64_t start = clock_now_ns();
    if (greenlet_pool_init(&pool, COUNT, SLOT) != 0)
        return 1;
    for (intptr_t i = 0; i < COUNT; i++) {
        g[i] = greenlet_new_pooled("pooled", park, NULL, &pool);
        if (g[i] == NULL || greenlet_switch(g[i], (void *)i, NULL) != 0)
            return 1;
    }
    int64_t started = clock_now_ns() - start;
    long after = resident_bytes();
    intptr_t sum = 0;
    for (intptr_t i = 0; i < COUNT; i++) {
        void *back = NULL;
        if (greenlet_switch(g[i], NULL, &back) != 0)
            return 1;
        sum += (intptr_t)back;
        greenlet_free(g[i]);
    }
    greenlet_pool_close(&pool);
    fprintf(stderr, "bench_greenlet_pool: %d greenlets on stacks of %d bytes, %ld bytes resident more "
            "(check %jd)\n", COUNT, SLOT, after - before, (intmax_t)sum);
    printf("greenlet_1e5_rss_bytes_per_task %.1f\n", (double)(after - before) / COUNT);
    printf("greenlet_1e5_start_ms %.1f\n", (double)started / 1e6);
    return 0;
}
