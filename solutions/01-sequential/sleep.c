#include "sleep.h"

#include <errno.h>
#include <time.h>

#include "clock.h"

// [sleep_ms]
int sleep_ms(int64_t ms)
{
    /* BEGIN SOLUTION */
    if (ms < 0)
        return -EINVAL;
    // Sleep until an absolute deadline rather than for a relative interval: when a signal
    // interrupts us we simply go back to sleep until the same deadline, and the time spent
    // handling the signal is not added on top.
    int64_t deadline_ns = clock_now_ns() + ms * NS_PER_MS;
    struct timespec deadline = {
        .tv_sec = (time_t)(deadline_ns / NS_PER_S),
        .tv_nsec = (long)(deadline_ns % NS_PER_S),
    };
    int rc;
    // clock_nanosleep returns the error number itself (it does not set errno); EINTR means a
    // signal handler ran before the deadline, so the sleep is not over yet.
    while ((rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL)) == EINTR)
        continue;
    return -rc;
    /* BEGIN STUB
    // TODO(lab 01): sleep at least ms milliseconds however many signals interrupt
    // you; a negative ms is -EINVAL. Never return early, never spin on the clock.
    // Chapter 1, "Signals, EINTR and an absolute deadline"; hints: #hints-sleep-ms.
    (void)ms;
    return -ENOSYS;
    END STUB */
}
// [/sleep_ms]
