#include "pollwait.h"

#include <errno.h>

#include "clock.h"

// [wait_all]
int wait_all(struct task tasks[], size_t n, int64_t results[], size_t finish_order[])
{
    /* BEGIN SOLUTION */
    if (n > 0 && (tasks == NULL || results == NULL))
        return -EINVAL;
    for (size_t i = 0; i < n; i++)
        if (tasks[i].ready)
            return -EINVAL; // waited on before: see pollwait.h
    size_t finished = 0;
    // One pass asks every pending task once. Nothing tells us when the next task will be done,
    // so we ask again straight away: the loop is correct, and it burns a whole core doing so.
    while (finished < n) {
        // One clock reading per pass, shared by every task in it: a reading costs more than the
        // rest of task_run. A task that falls due during the pass is seen on the next one.
        int64_t now_ns = clock_now_ns();
        for (size_t i = 0; i < n; i++) {
            if (tasks[i].ready || !task_run(&tasks[i], now_ns))
                continue;
            results[i] = tasks[i].result;
            if (finish_order != NULL)
                finish_order[finished] = i;
            finished++;
        }
    }
    return 0;
    /* BEGIN STUB
    // TODO(lab 02): poll until every task is ready (the contract is in pollwait.h),
    // judging all the tasks of one pass against one clock reading.
    // Chapter 2, "The C design"; hints: #hints-wait-all.
    (void)tasks, (void)n, (void)results, (void)finish_order;
    return -ENOSYS;
    END STUB */
}
// [/wait_all]
