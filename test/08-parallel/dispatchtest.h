// dispatchtest: what lab 08's tests share - jobs of their own (one that fails, one that
// says when it ran), the expected results worked out without the student's code, and
// counts of what a process holds (children, descriptors, threads).
#ifndef DISPATCHTEST_H
#define DISPATCHTEST_H

#include <stddef.h>
#include <stdint.h>

#include "dispatch.h"

// Each item is a wait of that many ms; a negative item fails the chunk with -EDOM (the
// coroutine raises EDOM) at once. The result is the sum of the waits.
extern const struct job failing_job;

// For each item x: x > 0 waits x ms (a sleep; the coroutine awaits it), x < 0 spins -x
// ms of CPU time without yielding. The result is test_now_ns() when the chunk started
// (first = 1) or ended (first = 0): struct job's arg points at an int.
extern const struct job timing_job;

// The test's own contiguous split (the larger chunks first) and prime count, so the
// expected results never come from the code under test.
void expected_contiguous(const int64_t *data, size_t n, size_t n_jobs, int64_t *sums,
                         int64_t *primes);
int64_t primes_among(const int64_t *items, size_t n);

// Runs dispatch_jobs and fails the test, naming `way`, unless it returns 0.
void dispatch_ok(const struct job *job, const int64_t *data, size_t n, size_t n_jobs,
                 struct dispatch_how how, int64_t *results);

// The chunk-order check every way shares: waits whose chunks finish in reverse order,
// and prime counts split contiguously and interleaved, with 3 jobs that do not divide
// the data.
void check_results_in_chunk_order(enum dispatch_way way);

// The failing-job check every way shares.
void check_failing_job(enum dispatch_way way);

// The overlap check for processes and threads: two jobs that wait, then two that spin,
// must start within hold of each other.
void check_jobs_overlap(enum dispatch_way way);

// N jobs of one wait of d each finish in [d, 2d).
void check_waits_in_about_d(enum dispatch_way way, size_t n_jobs);

const char *way_name(enum dispatch_way way);
int open_descriptors(void);
int running_threads(void);

// Spins until this thread has used ms of CPU time (a CPU-bound job that never yields).
void spin_ms(int64_t ms);

// running_threads(), after giving threads that were just joined up to 200 ms (scaled)
// to leave /proc/self/task: a joined thread can stay listed there for a moment.
int running_threads_settled(int expected);

#endif
