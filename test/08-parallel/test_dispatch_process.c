// dispatch_processes: a child per chunk, results through pipes, nothing left behind.
#include <errno.h>
#include <sys/wait.h>

#include "dispatchtest.h"
#include "jobs.h"
#include "labtest.h"

LAB_SUITE(dispatch_process, 20);

Test(dispatch_process, results_come_back_in_chunk_order_for_both_kinds_of_job)
{
    check_results_in_chunk_order(DISPATCH_PROCESS);
}

Test(dispatch_process, a_failing_job_reports_its_error_in_its_own_result)
{
    check_failing_job(DISPATCH_PROCESS);
}

Test(dispatch_process, leaves_no_zombie_and_no_open_descriptor)
{
    const int64_t waits[6] = {5, 5, 5, 5, 5, 5};
    int64_t results[6];
    int before = open_descriptors();
    dispatch_ok(&job_wait, waits, 6, 6,
                (struct dispatch_how){.way = DISPATCH_PROCESS, .split = SPLIT_CONTIGUOUS}, results);
    int after = open_descriptors();
    int zombies = 0;
    while (waitpid(-1, NULL, WNOHANG) > 0) // reaps them, so the test leaves none either
        zombies++;
    cr_assert(zombies == 0, "dispatch_processes left %d child processes unreaped (zombies): "
              "waitpid each child once its result is read", zombies);
    cr_assert(after == before, "dispatch_processes left %d descriptors open (6 children): "
              "close both ends of every pipe", after - before);
}

Test(dispatch_process, jobs_run_at_the_same_time)
{
    check_jobs_overlap(DISPATCH_PROCESS);
}

Test(dispatch_process, n_waiting_jobs_of_d_finish_in_about_d)
{
    check_waits_in_about_d(DISPATCH_PROCESS, 8);
}
