// executor_worker: what each worker thread does, until shutdown.
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "executor.h"

// [executor_worker]
void *executor_worker(void *arg)
{
    struct executor *ex = arg;
    /* BEGIN SOLUTION */
    pthread_mutex_lock(&ex->lock);
    for (;;) {
        // Sleep until there is work: a condition variable, never a spin.
        while (ex->queue_head == NULL && !ex->stopping)
            pthread_cond_wait(&ex->queued, &ex->lock);
        struct executor_job *job = ex->queue_head;
        if (job == NULL)
            break; // stopping, and nothing left
        ex->queue_head = job->next;
        if (ex->queue_head == NULL)
            ex->queue_tail = NULL;
        job->state = JOB_RUNNING;
        pthread_mutex_unlock(&ex->lock); // the job runs unlocked: the others go on

        int64_t result = job->fn(job->arg);

        pthread_mutex_lock(&ex->lock);
        job->result = result;
        job->state = JOB_FINISHED;
        job->next = NULL;
        if (ex->done_tail)
            ex->done_tail->next = job;
        else
            ex->done_head = job;
        ex->done_tail = job;
        pthread_mutex_unlock(&ex->lock);
        uint64_t one = 1; // wake the loop: the eventfd becomes readable
        while (write(ex->wake_fd, &one, sizeof one) < 0 && errno == EINTR) {
        }
        pthread_mutex_lock(&ex->lock);
    }
    pthread_mutex_unlock(&ex->lock);
    /* BEGIN STUB
    // TODO(lab 08): run queued jobs, oldest first, until the executor stops with an
    // empty queue; sleep while idle, and let the loop know of every finished job.
    // Chapter 8, "Keeping computation off the loop"; hints: #hints-executor-worker.
    (void)ex;
    END STUB */
    return NULL;
}
// [/executor_worker]
