// executor_worker: what each worker thread does, until shutdown.
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "executor.h"

// [executor_worker]
void *executor_worker(void *arg)
{
    struct executor *ex = arg;
    // TODO(lab 08): holding ex->lock, wait on ex->queued until a job is queued or the
    // executor is stopping (then, with the queue empty, return). Take the oldest job,
    // mark it JOB_RUNNING and run job->fn WITHOUT the lock. Then, locked again, store
    // the result, mark it JOB_FINISHED, append it to the done list, unlock, and write
    // the 8-byte number 1 to ex->wake_fd so the loop wakes up.
    (void)ex;
    return NULL;
}
// [/executor_worker]
