// dispatch_threads: a thread per chunk, joined in chunk order, nothing left behind.
#include "dispatchtest.h"
#include "jobs.h"
#include "labtest.h"

LAB_SUITE(dispatch_thread, 20);

Test(dispatch_thread, results_come_back_in_chunk_order_for_both_kinds_of_job)
{
    check_results_in_chunk_order(DISPATCH_THREAD);
}

Test(dispatch_thread, a_failing_job_reports_its_error_in_its_own_result)
{
    check_failing_job(DISPATCH_THREAD);
}

Test(dispatch_thread, leaves_no_thread_and_no_open_descriptor)
{
    const int64_t waits[6] = {5, 5, 5, 5, 5, 5};
    int64_t results[6];
    int threads = running_threads(), fds = open_descriptors();
    dispatch_ok(&job_wait, waits, 6, 6,
                (struct dispatch_how){.way = DISPATCH_THREAD, .split = SPLIT_CONTIGUOUS}, results);
    int left = running_threads_settled(threads) - threads;
    cr_assert(left == 0, "dispatch_threads left %d threads running (or "
              "unjoined): pthread_join every thread it started", left);
    cr_assert(open_descriptors() == fds, "dispatch_threads left %d descriptors open",
              open_descriptors() - fds);
}

Test(dispatch_thread, jobs_run_at_the_same_time)
{
    check_jobs_overlap(DISPATCH_THREAD);
}

Test(dispatch_thread, n_waiting_jobs_of_d_finish_in_about_d)
{
    check_waits_in_about_d(DISPATCH_THREAD, 8);
}
