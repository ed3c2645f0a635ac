// demo_table: the tutorial's comparison of processes, threads and coroutines, with
// each cell measured on this machine instead of asserted.
// Usage: demo_table [--data] [PRIMES_UP_TO [WAIT_MS [SPAWNS]]]
// --data prints one line of plain numbers per way instead of the table (for the book's
// figure; the columns are named in a comment line first).
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "burgers.h"
#include "clock.h"
#include "coro_task.h"
#include "delay_server.h"
#include "dispatch.h"
#include "jobs.h"
#include "sleep.h"

enum { MAX_JOBS = 16, TIMER_MS = 10, SPIN_MS = 100 };

// The memory column: how many of each are measured alive at once, and the most of each
// this shared machine may start (the budget below decides how many would fit).
static const size_t alive_measured[] = {8, 256, 100000};
static const double hard_cap[] = {1e4, 1e4, 1e6};
#define MEMORY_BUDGET (64.0 * 1024 * 1024)

struct cell {
    double wall_ms, cpu_ms;
};

// CPU time of this process and of the children it has reaped (the processes' jobs).
static double cpu_ms(void)
{
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec +
                    children.ru_utime.tv_sec + children.ru_stime.tv_sec) * 1e3 +
           (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec +
                    children.ru_utime.tv_usec + children.ru_stime.tv_usec) / 1e3;
}

// [measure]
static int measure(const struct job *job, const int64_t *data, size_t n, size_t n_jobs,
                   struct dispatch_how how, struct cell *cell)
{
    int64_t results[MAX_JOBS];
    int64_t start = clock_now_ns();
    double cpu = cpu_ms();
    int rc = dispatch_jobs(job, data, n, n_jobs, how, results);
    cell->wall_ms = (double)(clock_now_ns() - start) / NS_PER_MS;
    cell->cpu_ms = cpu_ms() - cpu;
    return rc;
}
// [/measure]

// [timer_beside_spin]
// Preemptive or cooperative: item x > 0 is a timer of x ms, and the result is how late
// it fired (µs); item x < 0 is -x ms of computation that never yields (result 0). Run
// as two chunks, {TIMER_MS} and {-SPIN_MS}, side by side.
static int64_t late_run(const struct chunk *c, const void *arg)
{
    (void)arg;
    int64_t x = chunk_item(c, 0), start = clock_now_ns();
    if (x < 0) {
        work_for_ms(-x);
        return 0;
    }
    int rc = sleep_ms(x);
    return rc < 0 ? rc : (clock_now_ns() - start - x * NS_PER_MS) / 1000;
}

static enum gen_status late_coro(struct gen *g, struct value sent, struct value *out)
{
    struct job_frame *f = g->frame;
    GEN_BEGIN;
    f->total = clock_now_ns(); // when the timer was set
    if (chunk_item(&f->chunk, 0) < 0) {
        work_for_ms(-chunk_item(&f->chunk, 0)); // holds the loop: no await inside
        GEN_RETURN(value_int(0));
    }
    AWAIT_SLEEP(chunk_item(&f->chunk, 0) * NS_PER_MS);
    GEN_RETURN(value_int((clock_now_ns() - f->total -
                          chunk_item(&f->chunk, 0) * NS_PER_MS) / 1000));
    GEN_END;
}
// [/timer_beside_spin]

static const struct job job_late = {
    .name = "late", .run = late_run, .coroutine = late_coro};

static double timer_late_ms(enum dispatch_way way)
{
    static const int64_t items[2] = {TIMER_MS, -SPIN_MS};
    int64_t results[2];
    struct dispatch_how how = {.way = way, .split = SPLIT_CONTIGUOUS};
    if (dispatch_jobs(&job_late, items, 2, 2, how, results) < 0 || results[0] < 0)
        return -1;
    return (double)results[0] / 1e3;
}

// [memory_each]
// How much memory one more job holds while it waits: n jobs that each wait, and a
// last chunk (item < 0) that measures once it starts - by then every job before it has
// started. A process measures its own private pages (the kernel's part for it is not
// counted); threads and coroutines measure the resident size of the whole process.
static int64_t kib_in(const char *file, const char *field)
{
    FILE *f = fopen(file, "r");
    char line[256];
    long long kib = 0, total = 0;
    size_t len = strlen(field);
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, field, len) == 0 && sscanf(line + len, "%lld", &kib) == 1)
            total += kib;
    if (f != NULL)
        fclose(f);
    return total * 1024;
}

static int64_t held_bytes(const int *private_only)
{
    if (*private_only)
        return kib_in("/proc/self/smaps_rollup", "Private_Clean:") +
               kib_in("/proc/self/smaps_rollup", "Private_Dirty:");
    return kib_in("/proc/self/status", "VmRSS:");
}

static int64_t alive_run(const struct chunk *c, const void *arg)
{
    int64_t x = chunk_item(c, 0);
    int64_t held = x < 0 ? held_bytes(arg) : 0;
    int rc = sleep_ms(x < 0 ? -x : x);
    return rc < 0 ? rc : held;
}

static enum gen_status alive_coro(struct gen *g, struct value sent, struct value *out)
{
    struct job_frame *f = g->frame;
    GEN_BEGIN;
    f->total = chunk_item(&f->chunk, 0) < 0 ? held_bytes(f->arg) : 0;
    AWAIT_SLEEP(llabs(chunk_item(&f->chunk, 0)) * NS_PER_MS);
    GEN_RETURN(value_int(f->total));
    GEN_END;
}

static double bytes_each(enum dispatch_way way, size_t n, int64_t wait_ms)
{
    int private_only = way == DISPATCH_PROCESS;
    const struct job alive = {
        .name = "alive", .run = alive_run, .coroutine = alive_coro,
        .arg = &private_only};
    int64_t *items = malloc((n + 1) * sizeof *items);
    int64_t *results = malloc((n + 1) * sizeof *results);
    double each = -1;
    for (size_t i = 0; items != NULL && i < n; i++)
        items[i] = wait_ms;
    int64_t before = held_bytes(&private_only);
    if (items != NULL && results != NULL) {
        items[n] = -wait_ms; // the last chunk measures
        struct dispatch_how how = {.way = way, .split = SPLIT_CONTIGUOUS};
        if (dispatch_jobs(&alive, items, n + 1, n + 1, how, results) == 0 &&
            results[n] > 0)
            each = private_only ? (double)results[n]
                                : (double)(results[n] - before) / (double)n;
    }
    free(items);
    free(results);
    return each;
}
// [/memory_each]

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
    bool data = argc > 1 && strcmp(argv[1], "--data") == 0;
    argc -= data, argv += data;
    size_t n = argc > 1 ? (size_t)atoi(argv[1]) : 100000;
    int64_t wait_ms = argc > 2 ? atoi(argv[2]) : 100;
    size_t spawns = argc > 3 ? (size_t)atoi(argv[3]) : 256;
    if (n < 1 || n > 10000000 || wait_ms < 1 || wait_ms > 1000 || spawns < 256 ||
        spawns > 100000) {
        fprintf(stderr, "usage: demo_table [--data] [PRIMES_UP_TO [WAIT_MS 1-1000 "
                        "[SPAWNS]]]\n");
        return 2;
    }
    int64_t *numbers = malloc(n * sizeof *numbers), waits[8];
    struct delay_server server; // lab 05's: GET /delay/<ms> answers after <ms> ms
    if (numbers == NULL || delay_server_start(&server) < 0)
        return 1;
    struct fetch_target target = {.port = server.port};
    struct job fetch = job_fetch;
    fetch.arg = &target;
    for (size_t i = 0; i < n; i++)
        numbers[i] = (int64_t)i + 1;
    for (int i = 0; i < 8; i++)
        waits[i] = wait_ms;
    static const char *const names[] = {"processes", "threads", "coroutines"};
    if (data)
        printf("# way waits_ms fetches_ms primes_1_ms primes_1_cpu_ms primes_2_ms "
               "primes_2_cpu_ms speedup timer_late_ms start_us bytes_each "
               "fit_in_64mib  (8 waits and 8 GETs "
               "of %lld ms, primes to %zu, a %d ms timer beside a %d ms spin)\n",
               (long long)wait_ms, n, TIMER_MS, SPIN_MS);
    else
        printf("| %-10s | 8 waits of %lld ms | 8 GETs | primes to %zu: 1 job (CPU) "
               "| 2 jobs (CPU) | speed-up | %d ms timer beside a %d ms spin: late by "
               "| start one | memory each (64 MiB holds) |\n"
               "|------------|-----------------|----------|-------------------|"
               "-------------------|----------|-----------------|-----------|"
               "----------------------------|\n",
               "", (long long)wait_ms, n, TIMER_MS, SPIN_MS);
    int failed = 0;
    for (int way = DISPATCH_PROCESS; way <= DISPATCH_COROUTINE; way++) {
        struct cell io, get, one, two;
        struct dispatch_how how = {.way = (enum dispatch_way)way,
                                   .split = SPLIT_CONTIGUOUS};
        failed |= measure(&job_wait, waits, 8, 8, how, &io) < 0;
        failed |= measure(&fetch, waits, 8, 8, how, &get) < 0;
        how.split = SPLIT_INTERLEAVED; // balanced work: see the chapter
        failed |= measure(&job_count_primes, numbers, n, 1, how, &one) < 0;
        failed |= measure(&job_count_primes, numbers, n, 2, how, &two) < 0;
        double late = timer_late_ms((enum dispatch_way)way);
        double start = spawn_us((enum dispatch_way)way, spawns, 128);
        double each = bytes_each((enum dispatch_way)way, alive_measured[way], 300);
        double fit = each > 0 ? MEMORY_BUDGET / each : 0;
        fit = fit > hard_cap[way] ? hard_cap[way] : fit;
        failed |= late < 0 || start < 0 || each < 0;
        if (data)
            printf("%s %.1f %.1f %.1f %.1f %.1f %.1f %.2f %.1f %.2f %.0f %.0f\n",
                   names[way], io.wall_ms, get.wall_ms, one.wall_ms, one.cpu_ms,
                   two.wall_ms, two.cpu_ms, one.wall_ms / two.wall_ms, late, start,
                   each, fit);
        else
            printf("| %-10s | %12.1f ms | %5.1f ms | %5.1f ms (%5.1f) "
                   "| %5.1f ms (%5.1f) | %7.2fx | %12.1f ms | %6.1f us "
                   "| %8.0f B (%9.0f%s) |\n",
                   names[way], io.wall_ms, get.wall_ms, one.wall_ms, one.cpu_ms,
                   two.wall_ms, two.cpu_ms, one.wall_ms / two.wall_ms, late, start,
                   each, fit, fit >= hard_cap[way] ? ", capped" : "");
    }
    delay_server_stop(&server);
    free(numbers);
    return failed;
}
