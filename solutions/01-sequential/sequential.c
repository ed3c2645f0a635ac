#include "sequential.h"

#include <errno.h>

#include "clock.h"
#include "sleep.h"

// [run_sequential]
int run_sequential(int n, int64_t d_ms, int64_t finish_ns[])
{
    /* BEGIN SOLUTION */
    if (n < 0 || d_ms < 0) {
        errno = EINVAL;
        return -1;
    }
    int64_t start_ns = clock_now_ns();
    for (int i = 0; i < n; i++) {
        // Each sleep blocks the only thread we have: nothing else can happen until it ends.
        if (sleep_ms(d_ms) != 0)
            return -1;
        finish_ns[i] = clock_now_ns() - start_ns;
    }
    return 0;
    /* BEGIN STUB
    // TODO(lab 01): note the start time, then for each i call sleep_ms(d_ms) and store
    // in finish_ns[i] the time elapsed since the start. Return -1 if a sleep fails.
    (void)n, (void)d_ms, (void)finish_ns;
    errno = ENOSYS;
    return -1;
    END STUB */
}
// [/run_sequential]
