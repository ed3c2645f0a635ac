// sleep: the blocking sleep every later lab learns to avoid.
#ifndef SLEEP_H
#define SLEEP_H

#include <stdint.h>

// Blocks the calling thread for at least ms milliseconds, even when signals arrive
// meanwhile. Returns 0, or a negative errno: -EINVAL when ms is negative.
int sleep_ms(int64_t ms);

#endif
