// wait_all_sleeping: the same contract as wait_all, plus ties in submission order and almost no CPU.
#include <errno.h>
#include <string.h>

#include "labtest.h"
#include "pollwait.h"
#include "waitcheck.h"

LAB_SUITE(wait_all_sleeping, 15);

static const struct waiter sleeping = {wait_all_sleeping, "wait_all_sleeping", true};

Test(wait_all_sleeping, ten_tasks_of_d_finish_in_about_d)
{
    check_ten_tasks_of_d(sleeping);
}

Test(wait_all_sleeping, results_come_back_in_submission_order)
{
    check_submission_order(sleeping);
}

Test(wait_all_sleeping, tasks_of_different_durations_finish_in_deadline_order)
{
    check_deadline_order(sleeping);
}

Test(wait_all_sleeping, no_task_finishes_before_its_deadline)
{
    check_never_early(sleeping);
}

Test(wait_all_sleeping, equal_deadlines_finish_in_submission_order)
{
    enum { N = 50 };
    static struct task tasks[N];
    int64_t results[N];
    size_t order[N];
    for (int i = 0; i < N; i++) {
        int rc = task_start(&tasks[i], i, scaled_ms(20), VALUE_OF(i));
        cr_assert(rc == 0, "task_start returned %d (%s); it should return 0", rc, error_name(rc));
    }
    // Give every task one deadline (the struct is public): only the heap's sequence numbers can
    // keep them in submission order now.
    for (int i = 0; i < N; i++)
        tasks[i].deadline_ns = tasks[N - 1].deadline_ns;
    int rc = wait_all_sleeping(tasks, N, results, order);
    cr_assert(rc == 0, "wait_all_sleeping returned %d (%s)", rc, error_name(rc));
    for (int k = 0; k < N; k++)
        cr_assert(order[k] == (size_t)k, "%d tasks with one deadline finished with task %zu in place %d: equal "
                  "deadlines must finish in submission order. Does the heap break ties by sequence number?",
                  N, order[k], k);
}

Test(wait_all_sleeping, uses_almost_no_cpu)
{
    enum { N = 10 };
    static struct task tasks[N];
    int64_t results[N];
    const int64_t d = scaled_ms(40);
    for (int i = 0; i < N; i++) { // deadlines d, 2d, ... 5d, twice: several sleeps, not one
        int rc = task_start(&tasks[i], i, (i % 5 + 1) * d, VALUE_OF(i));
        cr_assert(rc == 0, "task_start returned %d (%s); it should return 0", rc, error_name(rc));
    }
    int64_t cpu_before = test_cpu_ns(), start = test_now_ns();
    int rc = wait_all_sleeping(tasks, N, results, NULL);
    int64_t took = test_now_ns() - start, cpu = test_cpu_ns() - cpu_before;
    cr_assert(rc == 0, "wait_all_sleeping(tasks, %d, results, NULL) returned %d (%s): finish_order may "
              "be NULL", N, rc, error_name(rc));
    cr_assert(took >= 5 * d * 1000000, "wait_all_sleeping returned after %.1f ms, before the last deadline "
              "(%lld ms)", ns_as_ms(took), (long long)(5 * d));
    cr_assert(cpu * 10 < took, "wait_all_sleeping used %.1f ms of CPU in %.1f ms of waiting (more than 10%%): it is "
              "polling instead of sleeping until the earliest pending deadline", ns_as_ms(cpu), ns_as_ms(took));
}

Test(wait_all_sleeping, wakes_once_per_deadline_not_every_millisecond)
{
    enum { N = 10, DEADLINES = 5 };
    static struct task tasks[N];
    int64_t results[N];
    const int64_t d = scaled_ms(40);
    for (int i = 0; i < N; i++) { // deadlines d, 2d, ... 5d, twice
        int rc = task_start(&tasks[i], i, (i % DEADLINES + 1) * d, VALUE_OF(i));
        cr_assert(rc == 0, "task_start returned %d (%s); it should return 0", rc, error_name(rc));
    }
    long wakes_before = test_wakeups();
    int rc = wait_all_sleeping(tasks, N, results, NULL);
    long wakes = test_wakeups() - wakes_before;
    cr_assert(rc == 0, "wait_all_sleeping(tasks, %d, results, NULL) returned %d (%s)", N, rc, error_name(rc));
    // One sleep per distinct deadline, twice that for a sleep cut short, and a few to spare.
    const long most = 2 * DEADLINES + 5;
    cr_assert(wakes <= most, "wait_all_sleeping slept and woke %ld times for %d distinct deadlines over %lld ms "
              "(at most %ld expected): it wakes up to look instead of sleeping until the earliest pending "
              "deadline. Sleep for the whole time left (rounded up to a millisecond), not a little at a time.",
              wakes, DEADLINES, (long long)(DEADLINES * d), most);
}

Test(wait_all_sleeping, rejects_missing_arrays_and_tasks_already_waited_on)
{
    check_rejects_bad_arguments(sleeping);
}
