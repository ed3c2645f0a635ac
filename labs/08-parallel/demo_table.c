// demo_table: the tutorial's comparison of processes, threads and coroutines, with
// each cell measured on this machine instead of asserted.
// Usage: demo_table [PRIMES_UP_TO [WAIT_MS [SPAWNS]]]
#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "dispatch.h"
#include "jobs.h"

enum { MAX_JOBS = 16 };

struct cell {
    double wall_ms;
};

// [measure]
static int measure(const struct job *job, const int64_t *data, size_t n, size_t n_jobs,
                   struct dispatch_how how, struct cell *cell)
{
    int64_t results[MAX_JOBS];
    int64_t start = clock_now_ns();
    int rc = dispatch_jobs(job, data, n, n_jobs, how, results);
    cell->wall_ms = (double)(clock_now_ns() - start) / NS_PER_MS;
    return rc;
}
// [/measure]

// Start and finish `count` jobs that do nothing, `batch` at a time: microseconds each.
static double spawn_us(enum dispatch_way way, size_t count, size_t batch)
{
    static const int64_t zeros[MAX_JOBS * 16];
    int64_t results[MAX_JOBS * 16];
    int64_t start = clock_now_ns();
    for (size_t done = 0; done < count; done += batch)
        if (dispatch_jobs(&job_wait, zeros, batch, batch,
                          (struct dispatch_how){.way = way, .split = SPLIT_CONTIGUOUS},
                          results) < 0)
            return -1;
    return (double)(clock_now_ns() - start) / 1e3 / (double)count;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atoi(argv[1]) : 100000;
    int64_t wait_ms = argc > 2 ? atoi(argv[2]) : 100;
    size_t spawns = argc > 3 ? (size_t)atoi(argv[3]) : 256;
    if (n < 1 || n > 10000000 || wait_ms < 1 || wait_ms > 1000 || spawns < 256 ||
        spawns > 100000) {
        fprintf(stderr,
                "usage: demo_table [PRIMES_UP_TO [WAIT_MS 1-1000 [SPAWNS]]]\n");
        return 2;
    }
    int64_t *numbers = malloc(n * sizeof *numbers), waits[8];
    if (numbers == NULL)
        return 1;
    for (size_t i = 0; i < n; i++)
        numbers[i] = (int64_t)i + 1;
    for (int i = 0; i < 8; i++)
        waits[i] = wait_ms;
    static const char *const names[] = {"processes", "threads", "coroutines"};
    printf("| %-10s | 8 waits of %lld ms | primes to %zu: 1 job | 2 jobs | speed-up "
           "| start one |\n",
           "", (long long)wait_ms, n);
    printf("|------------|-----------------|---------------------|--------|----------"
           "|-----------|\n");
    int failed = 0;
    for (int way = DISPATCH_PROCESS; way <= DISPATCH_COROUTINE; way++) {
        struct cell io, one, two;
        struct dispatch_how how = {.way = (enum dispatch_way)way,
                                   .split = SPLIT_CONTIGUOUS};
        failed |= measure(&job_wait, waits, 8, 8, how, &io) < 0;
        how.split = SPLIT_INTERLEAVED; // balanced work: see the chapter
        failed |= measure(&job_count_primes, numbers, n, 1, how, &one) < 0;
        failed |= measure(&job_count_primes, numbers, n, 2, how, &two) < 0;
        printf("| %-10s | %12.1f ms | %16.1f ms | %3.0f ms | %7.2fx | %6.1f us |\n",
               names[way], io.wall_ms, one.wall_ms, two.wall_ms,
               one.wall_ms / two.wall_ms,
               spawn_us((enum dispatch_way)way, spawns, 128));
    }
    free(numbers);
    return failed;
}
