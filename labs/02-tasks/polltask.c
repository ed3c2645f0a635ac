#include "polltask.h"

#include <errno.h>
#include <stddef.h>

#include "clock.h"

// [task_start]
int task_start(struct task *t, int id, int64_t duration_ms, int64_t value)
{
    // TODO(lab 02): fill in *t: a task not yet ready, due duration_ms from now on
    // lab 01's clock (an absolute deadline). NULL t or a negative duration: -EINVAL.
    // Chapter 2, "The C design"; hints: #hints-task-start.
    (void)t, (void)id, (void)duration_ms, (void)value;
    return -ENOSYS;
}
// [/task_start]

// [task_run]
bool task_run(struct task *t, int64_t now_ns)
{
    // TODO(lab 02): say at once, never waiting, whether t is done at now_ns. It is
    // done from its deadline on, and then stays done with its result and finish time.
    // Chapter 2, "The C design"; hints: #hints-task-run.
    (void)t, (void)now_ns;
    return false;
}
// [/task_run]
