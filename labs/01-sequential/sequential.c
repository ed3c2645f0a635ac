#include "sequential.h"

#include <errno.h>

#include "clock.h"
#include "sleep.h"

// [run_sequential]
int run_sequential(int n, int64_t d_ms, int64_t finish_ns[])
{
    // TODO(lab 01): run n sleeps of d_ms one after another; finish_ns[i] is the time
    // from the start of the call to the end of sleep i. -EINVAL, or a sleep's error.
    // Chapter 1, "What you write"; hints: #hints-run-sequential.
    (void)n, (void)d_ms, (void)finish_ns;
    return -ENOSYS;
}
// [/run_sequential]
