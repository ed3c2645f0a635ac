// demo_dispatch: the tutorial's dispatch_jobs, both kinds of job, all three ways.
// Usage: demo_dispatch [N_JOBS [PRIMES_UP_TO [WAIT_MS]]]
#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "dispatch.h"
#include "jobs.h"

static const char *const way_names[] = {"processes", "threads", "coroutines"};

static int run(const struct job *job, const int64_t *data, size_t n, size_t n_jobs,
               struct dispatch_how how)
{
    int64_t results[64], total = 0;
    int64_t start = clock_now_ns();
    int rc = dispatch_jobs(job, data, n, n_jobs, how, results);
    double ms = (double)(clock_now_ns() - start) / NS_PER_MS;
    if (rc < 0) {
        fprintf(stderr, "dispatch_jobs: error %d\n", rc);
        return 1;
    }
    printf("%-12s %-10s %-11s %9.1f ms  chunks:", job->name, way_names[how.way],
           how.split == SPLIT_CONTIGUOUS ? "contiguous" : "interleaved", ms);
    for (size_t j = 0; j < n_jobs; j++)
        printf(" %lld", (long long)results[j]), total += results[j];
    printf("  total %lld\n", (long long)total);
    return 0;
}

int main(int argc, char **argv)
{
    size_t n_jobs = argc > 1 ? (size_t)atoi(argv[1]) : 2;
    size_t n = argc > 2 ? (size_t)atoi(argv[2]) : 200000;
    int64_t wait_ms = argc > 3 ? atoi(argv[3]) : 50;
    if (n_jobs < 1 || n_jobs > 64 || n < 1 || n > 10000000 || wait_ms < 0 ||
        wait_ms > 1000) {
        fprintf(stderr,
                "usage: demo_dispatch [N_JOBS 1-64 [PRIMES_UP_TO [WAIT_MS]]]\n");
        return 2;
    }
    int64_t *numbers = malloc(n * sizeof *numbers), waits[64];
    if (numbers == NULL)
        return 1;
    for (size_t i = 0; i < n; i++)
        numbers[i] = (int64_t)i + 1;
    for (size_t j = 0; j < n_jobs; j++)
        waits[j] = wait_ms;
    int failed = 0;
    for (int way = DISPATCH_PROCESS; way <= DISPATCH_COROUTINE; way++) {
        struct dispatch_how how = {.way = (enum dispatch_way)way,
                                   .split = SPLIT_CONTIGUOUS};
        failed |= run(&job_wait, waits, n_jobs, n_jobs, how);
        failed |= run(&job_count_primes, numbers, n, n_jobs, how);
        how.split = SPLIT_INTERLEAVED;
        failed |= run(&job_count_primes, numbers, n, n_jobs, how);
    }
    free(numbers);
    return failed;
}
