// executor_worker: what each worker thread does, until shutdown.
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "executor.h"

// [executor_worker]
void *executor_worker(void *arg)
{
    struct executor *ex = arg;
    // TODO(lab 08): run queued jobs, oldest first, until the executor stops with an
    // empty queue; sleep while idle, and let the loop know of every finished job.
    // Chapter 8, "Keeping computation off the loop"; hints: #hints-executor-worker.
    (void)ex;
    return NULL;
}
// [/executor_worker]
