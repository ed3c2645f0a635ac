// bench_tasks: 10^5 tasks of 200 ms, waited by the busy loop and by the sleeping loop.
// Prints one "figure value" line per figure (the median of RUNS runs); notes go to stderr.
//   tasks_busy_1e5_cpu_ratio         CPU time / wall time, busy loop (1 = a whole core)
//   tasks_sleeping_1e5_overshoot_ms  how long after the latest deadline the wait returned, sleeping loop
//   tasks_sleeping_1e5_cpu_ratio     CPU time / wall time, sleeping loop
// The ratios are the loop's: CPU time and wall time of the wait call alone (filling the heap
// included), not of starting the tasks. The overshoot is measured with the bench's own clock
// reading after the call, not from finished_ns: a loop reads the clock once per pass, so
// finished_ns can be earlier than the moment the loop got round to the task.
#include <stdio.h>
#include <stdlib.h>

#include "bench_measure.h"
#include "clock.h"
#include "pollwait.h"

enum { N = 100000, DURATION_MS = 200, RUNS = 5 };

typedef int wait_fn(struct task tasks[], size_t n, int64_t results[], size_t finish_order[]);

struct sample {
    double cpu_ratio, overshoot_ms, seen_late_ms;
};

// One run of N tasks with wait; returns -1 if the loop fails.
static int run_once(wait_fn *wait, struct task tasks[], int64_t results[], size_t order[], struct sample *s)
{
    for (int i = 0; i < N; i++)
        task_start(&tasks[i], i, DURATION_MS, i);
    int64_t start_ns = clock_now_ns(), cpu_start_ns = bench_cpu_ns();
    if (wait(tasks, N, results, order) != 0)
        return -1;
    int64_t end_ns = clock_now_ns(), cpu_ns = bench_cpu_ns() - cpu_start_ns;
    int64_t latest_ns = tasks[0].deadline_ns, seen_late_ns = 0;
    for (int i = 0; i < N; i++) {
        if (tasks[i].deadline_ns > latest_ns)
            latest_ns = tasks[i].deadline_ns;
        if (tasks[i].finished_ns - tasks[i].deadline_ns > seen_late_ns)
            seen_late_ns = tasks[i].finished_ns - tasks[i].deadline_ns;
    }
    s->cpu_ratio = (double)cpu_ns / (double)(end_ns - start_ns);
    s->overshoot_ms = (double)(end_ns - latest_ns) / NS_PER_MS;
    s->seen_late_ms = (double)seen_late_ns / NS_PER_MS;
    return 0;
}

// Runs wait RUNS times and stores the median CPU ratio and overshoot.
static int measure(const char *name, wait_fn *wait, double *cpu_ratio, double *overshoot_ms)
{
    struct task *tasks = malloc(N * sizeof *tasks);
    int64_t *results = malloc(N * sizeof *results);
    size_t *order = malloc(N * sizeof *order);
    double ratios[RUNS], overshoots[RUNS];
    int rc = tasks && results && order ? 0 : -1;
    for (int r = 0; r < RUNS && rc == 0; r++) {
        struct sample s = {0};
        rc = run_once(wait, tasks, results, order, &s);
        ratios[r] = s.cpu_ratio, overshoots[r] = s.overshoot_ms;
        if (rc == 0)
            fprintf(stderr, "  %s run %d: cpu/wall %.3f, returned %.2f ms after the latest deadline "
                    "(worst finished_ns %.2f ms late)\n", name, r + 1, s.cpu_ratio, s.overshoot_ms, s.seen_late_ms);
    }
    if (rc == 0)
        *cpu_ratio = bench_median(ratios, RUNS), *overshoot_ms = bench_median(overshoots, RUNS);
    else
        perror(name);
    free(tasks), free(results), free(order);
    return rc;
}

int main(void)
{
    double busy_ratio, busy_overshoot, sleeping_ratio, sleeping_overshoot;
    if (measure("wait_all", wait_all, &busy_ratio, &busy_overshoot) != 0 ||
        measure("wait_all_sleeping", wait_all_sleeping, &sleeping_ratio, &sleeping_overshoot) != 0)
        return 1;
    printf("tasks_busy_1e5_cpu_ratio %.3f\n", busy_ratio);
    printf("tasks_sleeping_1e5_overshoot_ms %.2f\n", sleeping_overshoot);
    printf("tasks_sleeping_1e5_cpu_ratio %.4f\n", sleeping_ratio);
    return 0;
}
