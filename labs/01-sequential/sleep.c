#include "sleep.h"

#include <errno.h>
#include <time.h>

#include "clock.h"

// [sleep_ms]
int sleep_ms(int64_t ms)
{
    // TODO(lab 01): sleep at least ms milliseconds however many signals interrupt
    // you; a negative ms is -EINVAL. Never return early, never spin on the clock.
    // Chapter 1, "Signals, EINTR and an absolute deadline"; hints: #hints-sleep-ms.
    (void)ms;
    return -ENOSYS;
}
// [/sleep_ms]
