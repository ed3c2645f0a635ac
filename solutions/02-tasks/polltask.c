#include "polltask.h"

#include <errno.h>
#include <stddef.h>

#include "clock.h"

// [task_start]
int task_start(struct task *t, int id, int64_t duration_ms, int64_t value)
{
    /* BEGIN SOLUTION */
    if (t == NULL || duration_ms < 0)
        return -EINVAL;
    // An absolute deadline: "done at 12.345 s" can be checked at any later moment with one clock
    // reading, whereas "done in 100 ms" would need to know when the counting started.
    *t = (struct task){
        .id = id,
        .deadline_ns = clock_now_ns() + duration_ms * NS_PER_MS,
        .value = value,
    };
    return 0;
    /* BEGIN STUB
    // TODO(lab 02): fill in *t: a task not yet ready, due duration_ms from now on
    // lab 01's clock (an absolute deadline). NULL t or a negative duration: -EINVAL.
    // Chapter 2, "The C design"; hints: #hints-task-start.
    (void)t, (void)id, (void)duration_ms, (void)value;
    return -ENOSYS;
    END STUB */
}
// [/task_start]

// [task_run]
bool task_run(struct task *t, int64_t now_ns)
{
    /* BEGIN SOLUTION */
    if (t->ready)
        return true;
    // One comparison: whatever the answer, we return at once. Waiting is the loop's business,
    // and so is reading the clock.
    if (now_ns < t->deadline_ns)
        return false;
    t->ready = true;
    t->result = t->value;
    t->finished_ns = now_ns;
    return true;
    /* BEGIN STUB
    // TODO(lab 02): say at once, never waiting, whether t is done at now_ns. It is
    // done from its deadline on, and then stays done with its result and finish time.
    // Chapter 2, "The C design"; hints: #hints-task-run.
    (void)t, (void)now_ns;
    return false;
    END STUB */
}
// [/task_run]
