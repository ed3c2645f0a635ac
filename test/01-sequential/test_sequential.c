// run_sequential: N sleeps in a row take N times as long, and each finish time is recorded.
#include <errno.h>
#include <string.h>

#include "labtest.h"
#include "sequential.h"

LAB_SUITE(run_sequential, 8);

enum { N = 4 };

// Runs run_sequential(N, d) and returns the wall time it took; finish[] receives its results.
static int64_t timed_run(int64_t d, int64_t finish[N])
{
    for (int i = 0; i < N; i++)
        finish[i] = -1;
    int64_t start = test_now_ns();
    int rc = run_sequential(N, d, finish);
    int64_t took = test_now_ns() - start;
    cr_assert(rc == 0, "run_sequential(%d, %lld, ...) returned %d (%s); it should return 0", N,
              (long long)d, rc, error_name(rc));
    return took;
}

Test(run_sequential, total_is_at_least_n_times_d)
{
    const int64_t d = scaled_ms(100);
    int64_t finish[N];
    int64_t took = timed_run(d, finish);
    cr_assert(took >= N * d * 1000000,
              "%d sleeps of %lld ms finished after %.0f ms: one after another they take at least %lld ms. "
              "Did a sleep return early?", N, (long long)d, ns_as_ms(took), (long long)(N * d));
    cr_assert(took < (N * d + scaled_ms(400)) * 1000000,
              "%d sleeps of %lld ms took %.0f ms: far more than %lld ms", N, (long long)d, ns_as_ms(took),
              (long long)(N * d));
}

Test(run_sequential, each_finish_comes_after_its_own_sleep)
{
    const int64_t d = scaled_ms(50);
    int64_t finish[N];
    int64_t took = timed_run(d, finish);
    for (int i = 0; i < N; i++) {
        cr_assert(finish[i] != -1, "finish_ns[%d] was never written", i);
        cr_assert(finish[i] >= (i + 1) * d * 1000000,
                  "finish_ns[%d] is %.3f ms, but sleep %d cannot end before %lld ms: %d sleeps of %lld ms "
                  "come before it, its own included", i, ns_as_ms(finish[i]), i, (long long)((i + 1) * d), i + 1,
                  (long long)d);
        cr_assert(finish[i] <= took, "finish_ns[%d] is %.3f ms, later than the %.3f ms the whole call took: "
                  "measure from the start of the call", i, ns_as_ms(finish[i]), ns_as_ms(took));
    }
}

Test(run_sequential, rejects_negative_arguments)
{
    int64_t finish[1] = {-1};
    int rc = run_sequential(-1, 10, finish);
    cr_assert(rc == -EINVAL, "run_sequential(-1, 10, ...) returned %d (%s); it should return -EINVAL", rc,
              error_name(rc));
    rc = run_sequential(1, -10, finish);
    cr_assert(rc == -EINVAL, "run_sequential(1, -10, ...) returned %d (%s); it should return -EINVAL", rc,
              error_name(rc));
    cr_assert(finish[0] == -1, "run_sequential wrote a result although its arguments were invalid");
}
