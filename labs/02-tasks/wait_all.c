#include "pollwait.h"

#include <errno.h>

#include "clock.h"

// [wait_all]
int wait_all(struct task tasks[], size_t n, int64_t results[], size_t finish_order[])
{
    // TODO(lab 02): check the arguments (EINVAL), then pass over the tasks again
    // and again. Start each pass with one clock_now_ns() reading and call
    // task_run(task, that reading) on every task that is not ready yet; when one
    // becomes ready, copy its result to results[i] and append i to finish_order.
    // Stop when all n are finished.
    (void)tasks, (void)n, (void)results, (void)finish_order;
    return -ENOSYS;
}
// [/wait_all]
