# Lab 01 as a student might write it without having seen the reference.
sub=$1
lab="$sub/01-sequential"
cat >"$lab/clock.c" <<'C'
#include "clock.h"

#include <assert.h>
#include <time.h>

static int64_t to_ns(struct timespec t)
{
    return (int64_t)t.tv_sec * NS_PER_S + (int64_t)t.tv_nsec;
}

int64_t clock_now_ns(void)
{
    struct timespec t;
    int rc = clock_gettime(CLOCK_MONOTONIC, &t);
    assert(rc == 0);
    (void)rc;
    return to_ns(t);
}
C
cat >"$lab/sleep.c" <<'C'
#include "sleep.h"

#include <errno.h>
#include <time.h>

#include "clock.h"

static struct timespec from_ns(int64_t ns)
{
    struct timespec t = {.tv_sec = (time_t)(ns / NS_PER_S), .tv_nsec = (long)(ns % NS_PER_S)};
    return t;
}

int sleep_ms(int64_t ms)
{
    if (ms < 0)
        return -EINVAL;
    const int64_t end = clock_now_ns() + ms * NS_PER_MS;
    int64_t left;
    while ((left = end - clock_now_ns()) > 0) {
        struct timespec wait = from_ns(left);
        if (nanosleep(&wait, NULL) != 0 && errno != EINTR)
            return -errno;
    }
    return 0;
}
C
cat >"$lab/sequential.c" <<'C'
#include "sequential.h"

#include <errno.h>
#include <stdio.h>

#include "clock.h"
#include "sleep.h"

static int bad_arguments(int n, int64_t d_ms)
{
    return n < 0 || d_ms < 0;
}

int run_sequential(int n, int64_t d_ms, int64_t finish_ns[])
{
    if (bad_arguments(n, d_ms))
        return -EINVAL;
    const int64_t t0 = clock_now_ns();
    int i = 0;
    while (i < n) {
        int failed = sleep_ms(d_ms);
        if (failed)
            return failed;
        finish_ns[i] = clock_now_ns() - t0;
        fprintf(stderr, "sleep %d of %d ended at %lld ns\n", i + 1, n, (long long)finish_ns[i]);
        i++;
    }
    return 0;
}
C
