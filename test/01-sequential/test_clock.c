// clock_now_ns must read CLOCK_MONOTONIC: advancing with real time and never going backwards.
#include <errno.h>
#include <time.h>

#include "clock.h"
#include "labtest.h"

LAB_SUITE(clock, 5);

Test(clock, advances_with_real_time)
{
    int64_t before = test_now_ns();
    int64_t first = clock_now_ns();
    struct timespec pause = {.tv_nsec = 20 * 1000 * 1000};
    while (nanosleep(&pause, &pause) == -1 && errno == EINTR)
        continue;
    int64_t second = clock_now_ns();
    int64_t after = test_now_ns();
    cr_assert(before <= first && second <= after,
              "clock_now_ns() returned %lld and %lld, outside the CLOCK_MONOTONIC readings %lld..%lld taken "
              "around the calls: read CLOCK_MONOTONIC (not CLOCK_REALTIME) and convert seconds to nanoseconds "
              "with 64-bit arithmetic.",
              (long long)first, (long long)second, (long long)before, (long long)after);
    cr_assert(second - first >= 20 * NS_PER_MS,
              "20 ms passed but clock_now_ns() moved by only %.3f ms", ns_as_ms(second - first));
}

Test(clock, never_goes_backwards)
{
    int64_t first = clock_now_ns(), previous = first;
    for (int i = 0; i < 1000000; i++) {
        int64_t now = clock_now_ns();
        cr_assert(now >= previous, "clock_now_ns() went backwards, from %lld to %lld ns on reading %d",
                  (long long)previous, (long long)now, i);
        previous = now;
    }
    cr_assert(previous > first, "clock_now_ns() returned %lld a million times in a row: it is not reading a clock",
              (long long)first);
}
