// sleep_ms: never early, not even when signals interrupt it, and without burning the CPU.
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "labtest.h"
#include "sleep.h"

LAB_SUITE(sleep_ms, 5);

// Calls sleep_ms(ms), asserts that it succeeded, and returns how long it took.
static int64_t timed_sleep(int64_t ms)
{
    int64_t start = test_now_ns();
    int rc = sleep_ms(ms);
    int64_t took = test_now_ns() - start;
    cr_assert(rc == 0, "sleep_ms(%lld) returned %d (%s); it should return 0", (long long)ms, rc,
              error_name(rc));
    return took;
}

Test(sleep_ms, never_returns_early)
{
    const int64_t durations[] = {0, 1, 7, 30, scaled_ms(100)};
    for (size_t i = 0; i < sizeof durations / sizeof *durations; i++) {
        int64_t ms = durations[i];
        int64_t took = timed_sleep(ms);
        cr_assert(took >= ms * 1000000, "sleep_ms(%lld) returned after %.3f ms: that is early", (long long)ms,
                  ns_as_ms(took));
        cr_assert(took < (ms + scaled_ms(500)) * 1000000, "sleep_ms(%lld) took %.3f ms: far too long",
                  (long long)ms, ns_as_ms(took));
    }
}

Test(sleep_ms, rejects_a_negative_duration)
{
    int64_t start = test_now_ns();
    int rc = sleep_ms(-5);
    int64_t took = test_now_ns() - start;
    cr_assert(rc == -EINVAL, "sleep_ms(-5) returned %d (%s); it should return -EINVAL", rc, error_name(rc));
    cr_assert(took < 50 * 1000000, "sleep_ms(-5) took %.3f ms before failing", ns_as_ms(took));
}

static volatile sig_atomic_t alarms;

static void count_alarm(int sig)
{
    (void)sig;
    alarms++;
}

Test(sleep_ms, survives_a_storm_of_signals)
{
    // No SA_RESTART: every SIGALRM interrupts the sleep with EINTR, as many real handlers do.
    struct sigaction action = {.sa_handler = count_alarm};
    sigemptyset(&action.sa_mask);
    cr_assert(sigaction(SIGALRM, &action, NULL) == 0);
    struct itimerval every_ms = {.it_interval = {.tv_usec = 1000}, .it_value = {.tv_usec = 1000}};
    cr_assert(setitimer(ITIMER_REAL, &every_ms, NULL) == 0);

    const int n = 3;
    const int64_t d = scaled_ms(100);
    int64_t start = test_now_ns();
    int failed_rc = 0; // what the first failing call returned
    for (int i = 0; i < n; i++) {
        // errno is not part of sleep_ms's contract, but a sleep_ms that looks for EINTR in errno
        // (where clock_nanosleep never puts it) must not find a stale one there by luck.
        errno = 0;
        int rc = sleep_ms(d);
        if (rc != 0 && failed_rc == 0)
            failed_rc = rc;
    }
    int64_t took = test_now_ns() - start;
    struct itimerval stop = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &stop, NULL);

    // Name the error that came back: EINTR means the signals got through; anything else is
    // another bug (ENOSYS: not written yet), and the EINTR hint would send the student astray.
    const char *hint = failed_rc == -EINTR ? "EINTR is not a failure, it means 'sleep again for the time that is "
                                             "left'. Note that clock_nanosleep RETURNS its error (EINTR) and "
                                             "leaves errno alone: test what it returns."
                                           : "The error is not EINTR, so it is not the signals' doing (unless it "
                                             "was read from errno after clock_nanosleep, which RETURNS its "
                                             "error and leaves errno alone).";
    cr_assert(failed_rc == 0, "sleep_ms(%lld) returned %d (%s) while SIGALRM kept arriving; it should return 0. %s",
              (long long)d, failed_rc, error_name(failed_rc), hint);
    cr_assert(took >= n * d * 1000000,
              "%d sleeps of %lld ms finished after %.0f ms while %d signals arrived: sleep_ms returned early "
              "- was it interrupted by a signal? A sleep stops with EINTR when a handler runs: clock_nanosleep "
              "RETURNS EINTR (errno is left alone); sleep again until the deadline.",
              n, (long long)d, ns_as_ms(took), (int)alarms);
    // Without the storm this test would prove nothing: say so rather than pass quietly.
    cr_assert(alarms >= 10, "the test meant to send a storm of SIGALRM but only %d arrived", (int)alarms);
}

Test(sleep_ms, does_not_busy_wait)
{
    const int64_t d = scaled_ms(200);
    int64_t cpu_before = test_cpu_ns();
    int64_t took = timed_sleep(d);
    int64_t cpu = test_cpu_ns() - cpu_before;
    cr_assert(took >= d * 1000000, "sleep_ms(%lld) returned after %.3f ms: that is early", (long long)d,
              ns_as_ms(took));
    cr_assert(cpu * 10 < took, "sleep_ms(%lld) used %.1f ms of CPU in %.1f ms: it is spinning on the clock "
              "instead of asking the kernel to wake it (nanosleep / clock_nanosleep)",
              (long long)d, ns_as_ms(cpu), ns_as_ms(took));
}

// A sleep whose deadline falls in the next second of the clock. A deadline computed as
// {now.tv_sec, now.tv_nsec + ms * 1000000} without carrying whole seconds into tv_sec has
// tv_nsec of a billion or more, and clock_nanosleep refuses it with EINVAL. That happens only
// when the sleep crosses a second, so the test starts it in the last 100 ms of one, wherever
// in the second it happens to run.
Test(sleep_ms, a_sleep_that_ends_in_the_next_second_works)
{
    const int64_t ms = 100, window_ns = 100 * 1000000;
    struct timespec now;
    int tries = 0;
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_nsec >= 1000000000 - window_ns + 10 * 1000000 && now.tv_nsec < 1000000000 - 10 * 1000000)
            break; // well inside the window: 10 ms to spare on either side
        cr_assert(++tries < 5, "could not start a sleep in the last 100 ms of a second in 5 tries");
        // Sleep (the test's own way) to the middle of the window: this second's, or the next one's.
        struct timespec to = {now.tv_sec, 1000000000 - window_ns / 2};
        if (now.tv_nsec >= to.tv_nsec)
            to.tv_sec++;
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &to, NULL) == EINTR)
            continue;
    }
    int64_t start = test_now_ns();
    int rc = sleep_ms(ms);
    int64_t took = test_now_ns() - start;
    cr_assert(rc == 0, "sleep_ms(%lld), called %.0f ms before the clock's next whole second, returned %d (%s)%s",
              (long long)ms, (1e9 - (double)now.tv_nsec) / 1e6, rc, error_name(rc),
              rc == -EINVAL ? ": a deadline in the next second must carry: tv_nsec stays under 1000000000 (1 s), "
                              "and the whole seconds go into tv_sec" : "; it should return 0");
    cr_assert(took >= ms * 1000000, "sleep_ms(%lld) across a second returned after %.3f ms: that is early",
              (long long)ms, ns_as_ms(took));
}
