// labtest: what every lab's tests share.
//
// - LAB_SUITE gives each suite the timeout every suite must have, and the early-exit guard.
// - Durations are written as multiples of a base and scaled by ASYNC_TIME_SCALE (default 1),
//   so a slow machine, valgrind or the sanitizer build can stretch them: ASYNC_TIME_SCALE=3.
// - Tests read time with their own clock, never with the student's clock_now_ns().
#ifndef LABTEST_H
#define LABTEST_H

#include <criterion/criterion.h>
#include <stdint.h>

// Every suite runs with a timeout (Criterion's --timeout does not reach suites without one)
// and with the guard that turns a premature exit(0) in student code into a failure.
#define LAB_SUITE(name, timeout_s) \
    TestSuite(name, .init = labtest_begin, .fini = labtest_end, .timeout = (timeout_s))

void labtest_begin(void);
void labtest_end(void);

// ASYNC_TIME_SCALE, or 1. A malformed value is reported once and ignored.
double labtest_scale(void);

// base_ms milliseconds, scaled by ASYNC_TIME_SCALE.
int64_t scaled_ms(int64_t base_ms);

// The tests' own CLOCK_MONOTONIC reading, in nanoseconds.
int64_t test_now_ns(void);

// CPU time (user + system) this process has used, in nanoseconds.
int64_t test_cpu_ns(void);

// Times this process has given up the CPU of its own accord so far (getrusage's ru_nvcsw): each
// sleep, each blocking wait counts one. A loop that sleeps until its next deadline wakes once per
// deadline; one that wakes every millisecond to look wakes hundreds of times, yet uses so little
// CPU that a CPU-time check cannot tell it apart.
long test_wakeups(void);

// Milliseconds, as a double, for messages.
double ns_as_ms(int64_t ns);

// The name of the error a function returned, for messages: "EINVAL" for -22 (the
// project's convention, a negative errno) and for 22 (a future's stored error); "0"
// for 0 and "?" for a value that names no error.
const char *error_name(int64_t rc);

#endif
