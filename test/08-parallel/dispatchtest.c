// dispatchtest: see dispatchtest.h.
#include "dispatchtest.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "coro_task.h"
#include "jobs.h"
#include "labtest.h"

static void pause_ms(int64_t ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000};
    while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR) {
    }
}

void spin_ms(int64_t ms)
{
    // Thread CPU time: in a thread or in a child process alike, it counts only this job.
    struct timespec t0, t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    do
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

static int64_t failing_run(const struct chunk *c, const void *arg)
{
    (void)arg;
    int64_t total = 0;
    for (size_t k = 0; k < c->count; k++) {
        if (chunk_item(c, k) < 0)
            return -EDOM;
        pause_ms(chunk_item(c, k));
        total += chunk_item(c, k);
    }
    return total;
}

static enum gen_status failing_coro(struct gen *g, struct value sent, struct value *out)
{
    struct job_frame *f = g->frame;
    GEN_BEGIN;
    for (f->k = 0; f->k < f->chunk.count; f->k++) {
        if (chunk_item(&f->chunk, f->k) < 0)
            GEN_RAISE(value_int(EDOM));
        AWAIT_SLEEP(chunk_item(&f->chunk, f->k) * 1000000);
        f->total += chunk_item(&f->chunk, f->k);
    }
    GEN_RETURN(value_int(f->total));
    GEN_END;
}

const struct job failing_job = {.name = "failing", .run = failing_run, .coroutine = failing_coro};

static int64_t timing_run(const struct chunk *c, const void *arg)
{
    int64_t start = test_now_ns();
    for (size_t k = 0; k < c->count; k++) {
        int64_t x = chunk_item(c, k);
        if (x > 0)
            pause_ms(x);
        else
            spin_ms(-x);
    }
    return *(const int *)arg ? start : test_now_ns();
}

static enum gen_status timing_coro(struct gen *g, struct value sent, struct value *out)
{
    struct job_frame *f = g->frame;
    GEN_BEGIN;
    f->total = test_now_ns(); // the start
    for (f->k = 0; f->k < f->chunk.count; f->k++) {
        if (chunk_item(&f->chunk, f->k) < 0)
            spin_ms(-chunk_item(&f->chunk, f->k));
        else
            AWAIT_SLEEP(chunk_item(&f->chunk, f->k) * 1000000);
    }
    GEN_RETURN(value_int(*(const int *)f->arg ? f->total : test_now_ns()));
    GEN_END;
}

static const int report_start = 1;
const struct job timing_job = {
    .name = "timing", .run = timing_run, .coroutine = timing_coro, .arg = &report_start};

int64_t primes_among(const int64_t *items, size_t n)
{
    int64_t count = 0;
    for (size_t i = 0; i < n; i++) {
        bool prime = items[i] >= 2;
        for (int64_t p = 2; prime && p * p <= items[i]; p++)
            prime = items[i] % p != 0;
        count += prime;
    }
    return count;
}

void expected_contiguous(const int64_t *data, size_t n, size_t n_jobs, int64_t *sums,
                         int64_t *primes)
{
    size_t at = 0;
    for (size_t j = 0; j < n_jobs; j++) {
        size_t count = n / n_jobs + (j < n % n_jobs);
        sums[j] = 0;
        for (size_t k = 0; k < count; k++)
            sums[j] += data[at + k];
        primes[j] = primes_among(data + at, count);
        at += count;
    }
}

const char *way_name(enum dispatch_way way)
{
    return way == DISPATCH_PROCESS ? "dispatch_processes"
           : way == DISPATCH_THREAD ? "dispatch_threads"
                                    : "dispatch_coroutines (run_tasks)";
}

void dispatch_ok(const struct job *job, const int64_t *data, size_t n, size_t n_jobs,
                 struct dispatch_how how, int64_t *results)
{
    int rc = dispatch_jobs(job, data, n, n_jobs, how, results);
    cr_assert(rc == 0, "dispatch_jobs(%s job, %zu items, %zu jobs) through %s returned %d (%s), "
              "expected 0", job->name, n, n_jobs, way_name(how.way), rc, error_name(rc));
}

void check_results_in_chunk_order(enum dispatch_way way)
{
    // Waits: 7 items in 3 chunks of 3, 2 and 2; chunk 0 waits longest, so the chunks
    // finish in reverse order.
    const int64_t waits[7] = {40, 40, 40, 10, 10, 1, 2};
    int64_t results[3], sums[3], primes[3];
    expected_contiguous(waits, 7, 3, sums, primes);
    struct dispatch_how how = {.way = way, .split = SPLIT_CONTIGUOUS};
    dispatch_ok(&failing_job, waits, 7, 3, how, results);
    for (int j = 0; j < 3; j++)
        cr_assert(results[j] == sums[j], "%s: waits {40, 40, 40 | 10, 10 | 1, 2}: chunk %d's "
                  "result is %lld, expected %lld (results go in chunk order, whatever order "
                  "the chunks finish in)", way_name(way), j, (long long)results[j],
                  (long long)sums[j]);

    // Primes among 1..5003, in 3 chunks (5003 is not a multiple of 3, nor of 64).
    enum { N = 5003 };
    static int64_t numbers[N];
    for (int i = 0; i < N; i++)
        numbers[i] = i + 1;
    expected_contiguous(numbers, N, 3, sums, primes);
    dispatch_ok(&job_count_primes, numbers, N, 3, how, results);
    for (int j = 0; j < 3; j++)
        cr_assert(results[j] == primes[j], "%s: primes among 1..%d in 3 contiguous chunks: "
                  "chunk %d counted %lld, expected %lld", way_name(way), N, j,
                  (long long)results[j], (long long)primes[j]);
    how.split = SPLIT_INTERLEAVED;
    dispatch_ok(&job_count_primes, numbers, N, 3, how, results);
    // Interleaved: chunk j holds blocks j, j + 3, ... of 64 numbers.
    for (int j = 0; j < 3; j++) {
        int64_t want = 0;
        for (int b = j * 64; b < N; b += 3 * 64)
            want += primes_among(numbers + b, (size_t)(b + 64 <= N ? 64 : N - b));
        cr_assert(results[j] == want, "%s: primes among 1..%d in 3 interleaved chunks: "
                  "chunk %d counted %lld, expected %lld", way_name(way), N, j,
                  (long long)results[j], (long long)want);
    }
}

void check_failing_job(enum dispatch_way way)
{
    // Chunk 1 fails at once; chunks 0 and 2 are still waiting when it does.
    const int64_t items[6] = {30, 30, -1, 5, 20, 20};
    int64_t results[3] = {0};
    struct dispatch_how how = {.way = way, .split = SPLIT_CONTIGUOUS};
    int rc = dispatch_jobs(&failing_job, items, 6, 3, how, results);
    cr_assert(rc == 0, "%s: a job that fails must only set its own result, yet dispatch_jobs "
              "returned %d (%s)", way_name(way), rc, error_name(rc));
    cr_assert(results[1] == -EDOM, "%s: chunk 1's job returned -EDOM but its result is %lld "
              "(%s)", way_name(way), (long long)results[1], error_name(results[1]));
    cr_assert(results[0] == 60 && results[2] == 40, "%s: the chunks beside the failing one "
              "gave %lld and %lld, expected 60 and 40: every job must run to its end even "
              "when another one fails", way_name(way), (long long)results[0],
              (long long)results[2]);
}

void check_jobs_overlap(enum dispatch_way way)
{
    const int64_t hold = scaled_ms(200);
    const int64_t waits[2] = {hold, hold}, spins[2] = {-hold, -hold};
    const int64_t *kinds[2] = {waits, spins};
    for (int kind = 0; kind < 2; kind++) {
        int64_t starts[2];
        dispatch_ok(&timing_job, kinds[kind], 2, 2,
                    (struct dispatch_how){.way = way, .split = SPLIT_CONTIGUOUS}, starts);
        int64_t apart = llabs(starts[1] - starts[0]);
        cr_assert(apart < hold * 1000000, "%s: two jobs that each %s for %lld ms started "
                  "%.1f ms apart: the second began only when the first had finished. Start "
                  "every job before you wait for any", way_name(way),
                  kind ? "compute" : "wait", (long long)hold, ns_as_ms(apart));
    }
}

void check_waits_in_about_d(enum dispatch_way way, size_t n_jobs)
{
    const int64_t d = scaled_ms(200);
    int64_t *waits = calloc(n_jobs, sizeof *waits), *results = calloc(n_jobs, sizeof *results);
    cr_assert(waits && results, "out of memory");
    for (size_t j = 0; j < n_jobs; j++)
        waits[j] = d;
    int64_t start = test_now_ns();
    dispatch_ok(&job_wait, waits, n_jobs, n_jobs,
                (struct dispatch_how){.way = way, .split = SPLIT_CONTIGUOUS}, results);
    int64_t took = test_now_ns() - start;
    cr_assert(took >= d * 1000000, "%s: %zu jobs that wait %lld ms each finished after %.1f ms: "
              "a wait ended early", way_name(way), n_jobs, (long long)d, ns_as_ms(took));
    cr_assert(took < 2 * d * 1000000, "%s: %zu jobs that wait %lld ms each took %.1f ms; side "
              "by side they take about %lld ms (one after another, %lld ms)", way_name(way),
              n_jobs, (long long)d, ns_as_ms(took), (long long)d, (long long)(d * (int64_t)n_jobs));
    for (size_t j = 0; j < n_jobs; j++)
        cr_assert(results[j] == d, "%s: chunk %zu's result is %lld, expected %lld",
                  way_name(way), j, (long long)results[j], (long long)d);
    free(waits), free(results);
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert(d != NULL, "cannot open %s", dir);
    int n = 0;
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return n;
}

int open_descriptors(void)
{
    return count_entries("/proc/self/fd");
}

int running_threads(void)
{
    return count_entries("/proc/self/task");
}

int running_threads_settled(int expected)
{
    int64_t give_up = test_now_ns() + scaled_ms(200) * 1000000;
    int n;
    while ((n = running_threads()) != expected && test_now_ns() < give_up) {
        struct timespec ms = {.tv_nsec = 1000000};
        nanosleep(&ms, NULL);
    }
    return n;
}
