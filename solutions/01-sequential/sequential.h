// sequential: N blocking sleeps in a row, the baseline every later lab beats.
#ifndef SEQUENTIAL_H
#define SEQUENTIAL_H

#include <stdint.h>

// Runs n sleeps of d_ms milliseconds one after another. finish_ns[i] receives the time
// at which sleep i ended, in nanoseconds since the call began; finish_ns must have
// room for n entries. Returns 0, or a negative errno: -EINVAL for n < 0 or d_ms < 0,
// or the error of sleep_ms.
int run_sequential(int n, int64_t d_ms, int64_t finish_ns[]);

#endif
