// bench_measure: what every C benchmark needs besides the clock (lab 01's clock_now_ns): the
// process's CPU time and the median of several runs. tools/bench/bench.sh puts test/bench on the
// include path. Header-only, so that each bench stays one source file.
#ifndef BENCH_MEASURE_H
#define BENCH_MEASURE_H

#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>

// CPU time this process has used so far (user + system), in ns.
static inline int64_t bench_cpu_ns(void)
{
    struct rusage use;
    getrusage(RUSAGE_SELF, &use);
    return ((int64_t)use.ru_utime.tv_sec + use.ru_stime.tv_sec) * 1000000000 +
           ((int64_t)use.ru_utime.tv_usec + use.ru_stime.tv_usec) * 1000;
}

static inline int bench_by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

// The median of v[0..n-1] (n >= 1), which it sorts in place; for an even n, the mean of the
// two middle values.
static inline double bench_median(double v[], int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif
