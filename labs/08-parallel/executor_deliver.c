// executor_deliver: on the loop's thread, the finished jobs become completed futures.
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "executor.h"

// [executor_deliver]
void executor_deliver(struct executor *ex)
{
    // TODO(lab 08): on the loop's thread, complete the future of every finished job
    // and mark it JOB_DELIVERED; no finished job may wait for a later wake-up.
    // Chapter 8, "Keeping computation off the loop"; hints: #hints-executor-deliver.
    (void)ex;
}
// [/executor_deliver]

// [executor_cancel]
int executor_cancel(struct executor *ex, struct executor_job *job)
{
    // TODO(lab 08): cancel a job no worker has taken: no worker may ever run it, and
    // its future is cancelled. A running job: -EBUSY; a finished one: -EALREADY.
    // Chapter 8, "Keeping computation off the loop"; hints: #hints-executor-cancel.
    (void)ex, (void)job;
    return -ENOSYS;
}
// [/executor_cancel]
