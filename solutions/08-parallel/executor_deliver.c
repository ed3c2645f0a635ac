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
        if (j->result < 0)
            future_set_error(&j->future, (int)-j->result);
        else
            future_set_result(&j->future, value_int(j->result));
    }
    /* BEGIN STUB
    // TODO(lab 08): read the eventfd (8 bytes; it is non-blocking) to clear it, then
    // take the WHOLE done list under ex->lock (one wake-up may stand for many jobs),
    // mark each JOB_DELIVERED, unlock, and complete each future: future_set_result
    // with value_int(result), or future_set_error with -result when result is
    // negative.
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
    if (state == JOB_QUEUED)
        future_cancel(&job->future);
    return state == JOB_QUEUED ? 0 : state == JOB_RUNNING ? -EBUSY : -EALREADY;
    /* BEGIN STUB
    // TODO(lab 08): under ex->lock, a JOB_QUEUED job is taken out of the queue (fix
    // queue_tail if it was last) and marked JOB_DELIVERED; then, unlocked, cancel its
    // future. A running job gives -EBUSY, a finished one -EALREADY.
    (void)ex, (void)job;
    return -ENOSYS;
    END STUB */
}
// [/executor_cancel]
