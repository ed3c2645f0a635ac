// task_start and task_run: a task that knows its deadline and answers "done yet?" at once.
#include <errno.h>
#include <string.h>

#include "labtest.h"
#include "polltask.h"

LAB_SUITE(task_run, 10);

static void start(struct task *t, int64_t duration_ms, int64_t value)
{
    int rc = task_start(t, 7, duration_ms, value);
    cr_assert(rc == 0, "task_start(&task, 7, %lld, %lld) returned %d (%s); it should return 0",
              (long long)duration_ms, (long long)value, rc, error_name(rc));
}

Test(task_run, answers_at_once_before_the_deadline)
{
    // A long duration, so that a task_run that waits for the deadline cannot pass for a slow one.
    const int64_t d = scaled_ms(1000);
    struct task t;
    int64_t started = test_now_ns();
    start(&t, d, 42);
    for (int i = 0; i < 3; i++) {
        // Asked at the start, then a quarter and half of the way to the deadline: a deadline
        // in the wrong unit (ms added to ns) is past by then, however fast this machine is.
        int64_t before = test_now_ns(), now = started + (int64_t)i * (d / 4) * 1000000;
        if (now < before)
            now = before;
        bool ready = task_run(&t, now);
        int64_t took = test_now_ns() - before;
        // Time first: a task_run that waits for the deadline then says "ready", and being told
        // "ready too soon" would hide that it blocked.
        cr_assert(took < d / 4 * 1000000, "task_run took %.1f ms to answer (it said %s): it must never block "
                  "(no sleeping, no waiting for the deadline): the loop decides what to do next", ns_as_ms(took),
                  ready ? "ready" : "not yet");
        cr_assert(!ready && !t.ready, "task_run(&task, now) with now %.0f ms after task_start said the task "
                  "is ready; its deadline is %lld ms after task_start", ns_as_ms(now - started), (long long)d);
    }
}

Test(task_run, is_ready_with_its_value_after_the_deadline)
{
    const int64_t d = scaled_ms(30);
    struct task t;
    int64_t before = test_now_ns();
    start(&t, d, 42);
    cr_assert(t.id == 7 && t.value == 42 && !t.ready, "task_start(&task, 7, %lld, 42) left id %d, value %lld, "
              "ready %d; expected 7, 42, not ready", (long long)d, t.id, (long long)t.value, t.ready);
    cr_assert(t.deadline_ns - before >= d * 1000000 && t.deadline_ns - before < (d + scaled_ms(1000)) * 1000000,
              "deadline_ns is %.3f ms after the moment task_start was called; it should be %lld ms: "
              "clock_now_ns() + duration_ms in nanoseconds", ns_as_ms(t.deadline_ns - before), (long long)d);
    // The time is whatever the caller says it is, so the deadline can be checked to the nanosecond.
    cr_assert(!task_run(&t, t.deadline_ns - 1) && !t.ready, "task_run(task, deadline_ns - 1) said the task is "
              "ready one nanosecond before its deadline: compare now_ns with deadline_ns");
    cr_assert(task_run(&t, t.deadline_ns), "task_run(task, deadline_ns) said the task is not ready: from its "
              "deadline on (now_ns >= deadline_ns) a task is done");
    cr_assert(t.ready && t.result == 42, "task_run returned true but left ready %d, result %lld; expected 1, 42 (the "
              "value given to task_start)", t.ready, (long long)t.result);
    cr_assert(t.finished_ns == t.deadline_ns, "task_run(task, now_ns) saw the task done but set finished_ns %.3f ms "
              "from now_ns: finished_ns must be the now_ns it was given", ns_as_ms(t.finished_ns - t.deadline_ns));
    int64_t first_finish = t.finished_ns;
    cr_assert(task_run(&t, t.deadline_ns + 1000000) && t.finished_ns == first_finish, "asking a ready task again "
              "must keep saying ready and change nothing (finished_ns moved)");
}

Test(task_run, rejects_a_negative_duration)
{
    struct task t;
    int rc = task_start(&t, 1, -5, 0);
    cr_assert(rc == -EINVAL, "task_start(&task, 1, -5, 0) returned %d (%s); it should return "
              "-EINVAL", rc, error_name(rc));
    rc = task_start(NULL, 1, 5, 0);
    cr_assert(rc == -EINVAL, "task_start(NULL, 1, 5, 0) returned %d (%s); it should return "
              "-EINVAL", rc, error_name(rc));
}
