#include "sequential.h"

#include <errno.h>

#include "clock.h"
#include "sleep.h"

// [run_sequential]
int run_sequential(int n, int64_t d_ms, int64_t finish_ns[])
{
    /* BEGIN SOLUTION */
    if (n < 0 || d_ms < 0)
        return -EINVAL;
    int64_t start_ns = clock_now_ns();
    for (int i = 0; i < n; i++) {
        // Each sleep blocks the only thread we have: nothing else can happen until it ends.
        int rc = sleep_ms(d_ms);
        if (rc < 0)
            return rc;
        finish_ns[i] = clock_now_ns() - start_ns;
    }
    return 0;
    /* BEGIN STUB
    // TODO(lab 01): run n sleeps of d_ms one after another; finish_ns[i] is the time
    // from the start of the call to the end of sleep i. -EINVAL, or a sleep's error.
    // Chapter 1, "What you write"; hints: #hints-run-sequential.
    (void)n, (void)d_ms, (void)finish_ns;
    return -ENOSYS;
    END STUB */
}
// [/run_sequential]
