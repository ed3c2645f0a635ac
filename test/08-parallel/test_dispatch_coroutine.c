// dispatch_coroutines: a task per chunk on one loop, in one thread.
#include "dispatchtest.h"
#include "jobs.h"
#include "labtest.h"

LAB_SUITE(dispatch_coroutine, 20);

Test(dispatch_coroutine, results_come_back_in_chunk_order_for_both_kinds_of_job)
{
    check_results_in_chunk_order(DISPATCH_COROUTINE);
}

Test(dispatch_coroutine, a_failing_job_reports_its_error_in_its_own_result)
{
    check_failing_job(DISPATCH_COROUTINE);
}

Test(dispatch_coroutine, ten_thousand_waiting_jobs_of_d_finish_in_about_d)
{
    check_waits_in_about_d(DISPATCH_COROUTINE, 10000);
}

// Cooperative: a coroutine that computes without awaiting keeps the loop, so a coroutine
// that waits only 10 ms finishes after the other's whole computation.
Test(dispatch_coroutine, a_cpu_bound_coroutine_holds_up_the_others)
{
    const int64_t spin = scaled_ms(150);
    const int64_t items[2] = {-spin, 10};
    static const int report_end = 0;
    struct job ends = timing_job;
    ends.arg = &report_end;
    int64_t finished[2];
    int64_t start = test_now_ns();
    dispatch_ok(&ends, items, 2, 2,
                (struct dispatch_how){.way = DISPATCH_COROUTINE, .split = SPLIT_CONTIGUOUS},
                finished);
    cr_assert(finished[1] - start >= spin * 1000000, "a coroutine that waits 10 ms finished "
              "%.1f ms after the start, though its neighbour computed for %lld ms without "
              "awaiting: coroutines take turns, they do not run at the same time",
              ns_as_ms(finished[1] - start), (long long)spin);
}
