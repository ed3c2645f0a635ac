// clock: one clock for every measurement in the labs.
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

#define NS_PER_MS INT64_C(1000000)
#define NS_PER_S INT64_C(1000000000)

// Nanoseconds on CLOCK_MONOTONIC: it never goes backwards, whatever happens to the
// wall clock, so differences between two readings are true durations. The zero
// point is arbitrary.
int64_t clock_now_ns(void);

#endif
