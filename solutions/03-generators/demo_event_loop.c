// demo_event_loop: the C twin of event_loop.py. Usage: demo_event_loop [N [D_MS]]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "clock.h"
#include "gen_loop.h"
#include "sleep_gen.h"

enum { MAX_N = 1000 };

static double cpu_seconds(void)
{
    struct rusage use;
    getrusage(RUSAGE_SELF, &use);
    return (double)(use.ru_utime.tv_sec + use.ru_stime.tv_sec) +
           (double)(use.ru_utime.tv_usec + use.ru_stime.tv_usec) / 1e6;
}

typedef void sleep_init_fn(struct gen *g, struct sleep_frame *frame,
                           int64_t duration_ms, int64_t id);
typedef int loop_fn(struct gen *gens[], int n, struct value results[]);

static int run(const char *title, loop_fn *loop, sleep_init_fn *make_sleep, int n,
               int64_t d_ms)
{
    static struct sleep_frame frames[MAX_N];
    static struct gen gens[MAX_N];
    static struct gen *order[MAX_N];
    static struct value results[MAX_N];
    for (int i = 0; i < n; i++) {
        make_sleep(&gens[i], &frames[i], d_ms, i);
        order[i] = &gens[i];
    }
    int64_t start_ns = clock_now_ns();
    double cpu_start = cpu_seconds();
    int rc = loop(order, n, results);
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", title, strerror(-rc));
        return -1;
    }
    double wall = (double)(clock_now_ns() - start_ns) / NS_PER_S,
           cpu = cpu_seconds() - cpu_start;
    printf("%s: results [", title);
    for (int i = 0; i < n; i++)
        printf("%s%lld", i ? ", " : "", (long long)results[i].as.i);
    printf("]\n%s: total time %.2f s, CPU %.0f%% of it\n", title, wall,
           100 * cpu / wall);
    return 0;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 5;
    int64_t d_ms = argc > 2 ? atoll(argv[2]) : 100;
    if (n <= 0 || n > MAX_N || d_ms < 0) {
        fprintf(stderr, "usage: %s [N (1..%d) [D_MS (>= 0)]]\n", argv[0], MAX_N);
        return 2;
    }
    if (run("event_loop", event_loop, sleep_gen_init, n, d_ms) != 0 ||
        run("event_loop_sleeping", event_loop_sleeping, deadline_sleep_gen_init, n,
            d_ms) != 0)
        return 1;
    return 0;
}
