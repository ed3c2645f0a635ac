// executor_deliver: on the loop's thread, the finished jobs become completed futures.
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "executor.h"

// [executor_deliver]
void executor_deliver(struct executor *ex)
{
    // TODO(lab 08): read the eventfd (8 bytes; it is non-blocking) to clear it, then
    // take the WHOLE done list under ex->lock (one wake-up may stand for many jobs),
    // mark each JOB_DELIVERED, unlock, and complete each future: future_set_result
    // with value_int(result), or future_set_error with -result when result is
    // negative.
    (void)ex;
}
// [/executor_deliver]

// [executor_cancel]
int executor_cancel(struct executor *ex, struct executor_job *job)
{
    // TODO(lab 08): under ex->lock, a JOB_QUEUED job is taken out of the queue (fix
    // queue_tail if it was last) and marked JOB_DELIVERED; then, unlocked, cancel its
    // future. A running job gives -EBUSY, a finished one -EALREADY.
    (void)ex, (void)job;
    return -ENOSYS;
}
// [/executor_cancel]
