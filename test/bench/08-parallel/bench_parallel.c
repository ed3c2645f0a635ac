// bench_parallel: lab 08's figures - two threads against one on balanced CPU-bound work,
// the cost of starting and finishing 10^4 trivial jobs each way, and the executor's round
// trip (submit a trivial job, get its result on the loop, without spinning).
#include <stdio.h>
#include <stdlib.h>

#include "bench_measure.h"
#include "clock.h"
#include "dispatch.h"
#include "executor.h"
#include "jobs.h"

enum { RUNS = 5, SPAWN_RUNS = 3, SPAWN_BUDGET_S = 2 };
enum { PRIMES_UP_TO = 400000, SPAWNS = 10000, ROUND_TRIPS = 2000 };

static double seconds_for(size_t n_jobs, enum dispatch_way way, const int64_t *numbers)
{
    int64_t results[2];
    int64_t start = clock_now_ns();
    if (dispatch_jobs(&job_count_primes, numbers, PRIMES_UP_TO, n_jobs,
                      (struct dispatch_how){.way = way, .split = SPLIT_INTERLEAVED},
                      results) < 0)
        exit(1);
    return (double)(clock_now_ns() - start) / 1e9;
}

// 10^4 jobs that do nothing, at most `batch` alive at once (the machine is shared), per
// job. A hard cap too: where a fork costs milliseconds (a busy virtual machine), the
// batches stop after SPAWN_BUDGET_S and the figure is the mean over those that ran.
static double spawn_us(enum dispatch_way way, size_t batch)
{
    static int64_t zeros[SPAWNS], results[SPAWNS];
    int64_t start = clock_now_ns(), budget = SPAWN_BUDGET_S * NS_PER_S;
    size_t done = 0;
    while (done < SPAWNS && clock_now_ns() - start < budget) {
        if (dispatch_jobs(&job_wait, zeros, batch, batch,
                          (struct dispatch_how){.way = way, .split = SPLIT_CONTIGUOUS},
                          results) < 0)
            exit(1);
        done += batch;
    }
    return (double)(clock_now_ns() - start) / 1e3 / (double)done;
}

static int64_t trivial(void *arg)
{
    return (int64_t)(intptr_t)arg;
}

static double roundtrip_us(void)
{
    struct reactor reactor;
    struct loop loop;
    struct executor ex;
    if (reactor_init(&reactor) < 0)
        exit(1);
    loop_init(&loop, &reactor.backend);
    if (executor_init(&ex, &loop, 1) < 0)
        exit(1);
    struct executor_job job;
    int64_t start = clock_now_ns();
    for (int i = 0; i < ROUND_TRIPS; i++) {
        if (executor_submit(&ex, &job, trivial, (void *)(intptr_t)i) < 0 ||
            loop_run_until_complete(&loop, &job.future) < 0 ||
            future_result(&job.future).as.i != i)
            exit(1);
    }
    double us = (double)(clock_now_ns() - start) / 1e3 / ROUND_TRIPS;
    executor_shutdown(&ex);
    loop_close(&loop);
    reactor_close(&reactor);
    return us;
}

int main(void)
{
    int64_t *numbers = malloc(PRIMES_UP_TO * sizeof *numbers);
    if (numbers == NULL)
        return 1;
    for (int64_t i = 0; i < PRIMES_UP_TO; i++)
        numbers[i] = i + 1;
    double speedup[RUNS], process[RUNS], thread[RUNS], coroutine[RUNS], trip[RUNS];
    for (int r = 0; r < RUNS; r++) {
        speedup[r] = seconds_for(1, DISPATCH_THREAD, numbers) /
                     seconds_for(2, DISPATCH_THREAD, numbers);
        trip[r] = roundtrip_us();
    }
    for (int r = 0; r < SPAWN_RUNS; r++) {
        process[r] = spawn_us(DISPATCH_PROCESS, 100);
        thread[r] = spawn_us(DISPATCH_THREAD, 100);
        coroutine[r] = spawn_us(DISPATCH_COROUTINE, SPAWNS);
    }
    printf("cpu_threads_speedup_2 %.3f\n", bench_median(speedup, RUNS));
    printf("spawn_1e4_process_us %.2f\n", bench_median(process, SPAWN_RUNS));
    printf("spawn_1e4_thread_us %.2f\n", bench_median(thread, SPAWN_RUNS));
    printf("spawn_1e4_coroutine_us %.3f\n", bench_median(coroutine, SPAWN_RUNS));
    printf("executor_roundtrip_us %.2f\n", bench_median(trip, RUNS));
    free(numbers);
    return 0;
}
