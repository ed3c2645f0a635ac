// executor: see executor.h. Given code: starting, submitting, shutting down.
#include "executor.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

// The job's future's cancel hook: a task cancelled while it awaits the job lands here.
static int cancel_job(struct future *f)
{
    struct executor_job *job = (struct executor_job *)f;
    return executor_cancel(job->ex, job);
}

static void on_wake(struct future *f, void *arg);

// Watches the eventfd again. A done callback must not restart the very future it is
// called for, so on_wake gets here through loop_call_soon.
static void arm(void *arg)
{
    struct executor *ex = arg;
    if (ex->wake_fd < 0)
        return; // shut down since on_wake queued this
    fd_wait_end(&ex->wake);
    executor_deliver(ex);
    if (fd_wait_start(&ex->wake, ex->loop, ex->wake_fd, FD_READABLE, -1) == 0)
        future_add_done_callback(&ex->wake.future, on_wake, ex);
}

static void on_wake(struct future *f, void *arg)
{
    (void)f;
    struct executor *ex = arg;
    loop_call_soon(ex->loop, arm, ex);
}

int executor_init(struct executor *ex, struct loop *loop, size_t n_threads)
{
    if (reactor_of(loop) == NULL || n_threads < 1 || n_threads > 64)
        return -EINVAL;
    *ex = (struct executor){.loop = loop};
    ex->threads = calloc(n_threads, sizeof *ex->threads);
    if (ex->threads == NULL)
        return -ENOMEM;
    ex->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (ex->wake_fd < 0) {
        int rc = -errno;
        free(ex->threads);
        return rc;
    }
    pthread_mutex_init(&ex->lock, NULL);
    pthread_cond_init(&ex->queued, NULL);
    int rc = fd_wait_start(&ex->wake, loop, ex->wake_fd, FD_READABLE, -1);
    if (rc == 0)
        rc = future_add_done_callback(&ex->wake.future, on_wake, ex);
    // Count only the threads that started: shutdown joins exactly those.
    while (rc == 0 && ex->n_threads < n_threads) {
        int err =
            pthread_create(&ex->threads[ex->n_threads], NULL, executor_worker, ex);
        if (err != 0)
            rc = -err;
        else
            ex->n_threads++;
    }
    if (rc < 0)
        executor_shutdown(ex);
    return rc;
}

// [executor_submit]
int executor_submit(struct executor *ex, struct executor_job *job, executor_fn *fn,
                    void *arg)
{
    if (fn == NULL)
        return -EINVAL;
    pthread_mutex_lock(&ex->lock);
    if (ex->stopping) {
        pthread_mutex_unlock(&ex->lock);
        return -EINVAL; // no future set up that nothing would complete
    }
    *job = (struct executor_job){.ex = ex, .fn = fn, .arg = arg, .state = JOB_QUEUED};
    future_init(&job->future, ex->loop);
    future_set_cancel(&job->future, cancel_job);
    if (ex->queue_tail)
        ex->queue_tail->next = job;
    else
        ex->queue_head = job;
    ex->queue_tail = job;
    pthread_cond_signal(&ex->queued); // one job, one worker
    pthread_mutex_unlock(&ex->lock);
    return 0;
}
// [/executor_submit]

void executor_shutdown(struct executor *ex)
{
    pthread_mutex_lock(&ex->lock);
    ex->stopping = true;
    struct executor_job *queued = ex->queue_head;
    ex->queue_head = ex->queue_tail = NULL;
    pthread_cond_broadcast(&ex->queued);
    pthread_mutex_unlock(&ex->lock);
    for (struct executor_job *j = queued, *next; j; j = next) {
        next = j->next;
        j->state = JOB_DELIVERED; // no worker can see it any more
        future_set_error(&j->future, ECANCELED); // not future_cancel: that is the hook
    }
    for (size_t i = 0; i < ex->n_threads; i++)
        pthread_join(ex->threads[i], NULL);
    executor_deliver(ex); // what the workers finished meanwhile
    fd_wait_end(&ex->wake);
    future_remove_done_callback(&ex->wake.future, on_wake, ex);
    if (ex->wake_fd >= 0)
        close(ex->wake_fd);
    ex->wake_fd = -1;
    pthread_mutex_destroy(&ex->lock);
    pthread_cond_destroy(&ex->queued);
    free(ex->threads);
    ex->threads = NULL, ex->n_threads = 0;
}
