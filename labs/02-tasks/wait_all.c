#include "pollwait.h"

#include <errno.h>

#include "clock.h"

// [wait_all]
int wait_all(struct task tasks[], size_t n, int64_t results[], size_t finish_order[])
{
    // TODO(lab 02): poll until every task is ready (the contract is in pollwait.h),
    // judging all the tasks of one pass against one clock reading.
    // Chapter 2, "The C design"; hints: #hints-wait-all.
    (void)tasks, (void)n, (void)results, (void)finish_order;
    return -ENOSYS;
}
// [/wait_all]
