// executor_deliver: on the loop's thread, the finished jobs become completed futures.
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "executor.h"

// [executor_deliver]
void executor_deliver(struct executor *ex)
{
    /* BEGIN SOLUTION */
    // Read first, take the list second: a job finished after the read writes again and
    // wakes the loop again, so none is left behind.
    uint64_t count;
    while (ex->wake_fd >= 0 && read(ex->wake_fd, &count, sizeof count) < 0 &&
           errno == EINTR) {
    }
    pthread_mutex_lock(&ex->lock);
    struct executor_job *done = ex->done_head;
    ex->done_head = ex->done_tail = NULL;
    for (struct executor_job *j = done; j; j = j->next)
        j->state = JOB_DELIVERED;
    pthread_mutex_unlock(&ex->lock);
    for (struct executor_job *j = done, *next; j; j = next) {
        next = j->next; // the future's owner may reuse the job once it is complete
        if (j->result < 0) // a stored error is a positive errno; anything else is EIO
            future_set_error(&j->future, j->result >= -4095 ? (int)-j->result : EIO);
        else
            future_set_result(&j->future, value_int(j->result));
    }
    /* BEGIN STUB
    // TODO(lab 08): on the loop's thread, complete the future of every finished job
    // and mark it JOB_DELIVERED; no finished job may wait for a later wake-up.
    // Chapter 8, "Keeping computation off the loop"; hints: #hints-executor-deliver.
    (void)ex;
    END STUB */
}
// [/executor_deliver]

// [executor_cancel]
int executor_cancel(struct executor *ex, struct executor_job *job)
{
    /* BEGIN SOLUTION */
    pthread_mutex_lock(&ex->lock);
    enum executor_job_state state = job->state;
    if (state == JOB_QUEUED) {
        // Unlink it, so no worker can take it.
        struct executor_job **at = &ex->queue_head, *prev = NULL;
        while (*at && *at != job)
            prev = *at, at = &(*at)->next;
        if (*at)
            *at = job->next;
        if (ex->queue_tail == job)
            ex->queue_tail = prev;
        job->state = JOB_DELIVERED;
    }
    pthread_mutex_unlock(&ex->lock);
    if (state == JOB_QUEUED) // not future_cancel: it calls the hook, this function
        future_set_error(&job->future, ECANCELED);
    return state == JOB_QUEUED ? 0 : state == JOB_RUNNING ? -EBUSY : -EALREADY;
    /* BEGIN STUB
    // TODO(lab 08): cancel a job no worker has taken: no worker may ever run it, and
    // its future is cancelled. A running job: -EBUSY; a finished one: -EALREADY.
    // Chapter 8, "Keeping computation off the loop"; hints: #hints-executor-cancel.
    (void)ex, (void)job;
    return -ENOSYS;
    END STUB */
}
// [/executor_cancel]
