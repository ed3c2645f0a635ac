// demo_tasks: the C twin of tasks.py. Usage: demo_tasks [--busy | --sleeping] [N
// [D_MS]] Starts N tasks of D_MS milliseconds, waits for all of them with the chosen
// loop, and prints them in the order they finished, then the total wall time and the
// CPU time the wait used.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "clock.h"
#include "pollwait.h"

static int64_t cpu_now_ns(void)
{
    struct rusage use;
    getrusage(RUSAGE_SELF, &use);
    return ((int64_t)use.ru_utime.tv_sec + use.ru_stime.tv_sec) * NS_PER_S +
           ((int64_t)use.ru_utime.tv_usec + use.ru_stime.tv_usec) * 1000;
}

// [main]
int main(int argc, char **argv)
{
    int (*wait_for)(struct task[], size_t, int64_t[], size_t[]) = wait_all;
    int arg = 1;
    if (argc > arg && strcmp(argv[arg], "--busy") == 0)
        arg++;
    else if (argc > arg && strcmp(argv[arg], "--sleeping") == 0)
        wait_for = wait_all_sleeping, arg++;
    long n = argc > arg ? atol(argv[arg]) : 10;
    int64_t d_ms = argc > arg + 1 ? atoll(argv[arg + 1]) : 100;
    if (n <= 0 || n > 10000000 || d_ms < 0 || argc > arg + 2) {
        fprintf(stderr,
                "usage: %s [--busy | --sleeping] [N (1..10^7) [D_MS (>= 0)]]\n",
                argv[0]);
        return 2;
    }
    struct task *tasks = calloc((size_t)n, sizeof *tasks);
    int64_t *results = calloc((size_t)n, sizeof *results);
    size_t *order = calloc((size_t)n, sizeof *order);
    if (!tasks || !results || !order) {
        fprintf(stderr, "out of memory for %ld tasks\n", n);
        return 1;
    }
    int64_t start_ns = clock_now_ns(), cpu_start_ns = cpu_now_ns();
    for (long i = 0; i < n; i++)
        task_start(&tasks[i], (int)i, d_ms, i * i);
    int rc = wait_for(tasks, (size_t)n, results, order);
    if (rc < 0) {
        fprintf(stderr, "wait: %s\n", strerror(-rc));
        return 1;
    }
    int64_t wall_ns = clock_now_ns() - start_ns, cpu_ns = cpu_now_ns() - cpu_start_ns;
    for (long k = 0; k < n; k++) {
        const struct task *t = &tasks[order[k]];
        printf("Finish %d time: %.3f\n", t->id,
               (double)(t->finished_ns - start_ns) / NS_PER_S);
    }
    printf("Total time: %.3f\n", (double)wall_ns / NS_PER_S);
    printf("CPU time: %.3f\n", (double)cpu_ns / NS_PER_S);
    free(tasks), free(results), free(order);
    return 0;
}
// [/main]
