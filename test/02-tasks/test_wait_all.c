// wait_all, the busy loop: correct results, in the right orders, in about the longest duration.
// It may use a whole core: that is what the sleeping loop fixes.
#include "labtest.h"
#include "pollwait.h"
#include "waitcheck.h"

LAB_SUITE(wait_all, 15);

static const struct waiter busy = {wait_all, "wait_all", false};

Test(wait_all, ten_tasks_of_d_finish_in_about_d)
{
    check_ten_tasks_of_d(busy);
}

Test(wait_all, results_come_back_in_submission_order)
{
    check_submission_order(busy);
}

Test(wait_all, tasks_of_different_durations_finish_in_deadline_order)
{
    check_deadline_order(busy);
}

Test(wait_all, no_task_finishes_before_its_deadline)
{
    check_never_early(busy);
}

Test(wait_all, rejects_missing_arrays_and_tasks_already_waited_on)
{
    check_rejects_bad_arguments(busy);
}
