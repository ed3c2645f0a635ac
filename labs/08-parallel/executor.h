// executor: a pool of threads that runs blocking or CPU-bound functions for a lab 04
// loop - asyncio's loop.run_in_executor and asyncio.to_thread, and the thread pool
// that runs FastAPI's plain `def` endpoints.
//
// The loop thread submits a job and awaits its future; a worker thread runs the
// function; the result must come back to the loop's thread, because futures are not
// thread-safe: only the loop may complete them. So the worker puts the finished job on
// a list and writes to an eventfd, which lab 05's reactor watches like any socket; the
// loop wakes, takes the list and completes each job's future on its own thread.
//
//     worker:  run fn -> lock, append to done, unlock -> write(eventfd)
//     loop:    eventfd readable -> read it -> lock, take done, unlock -> set results
//
// The loop must run on a reactor (lab 05). Every function here except the workers' is
// called on the loop's thread.
#ifndef EXECUTOR_H
#define EXECUTOR_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "future.h"
#include "loop.h"
#include "reactor.h"

// What a worker runs: returns a result (>= 0) or a negative errno.
typedef int64_t executor_fn(void *arg);

enum executor_job_state { JOB_QUEUED, JOB_RUNNING, JOB_FINISHED, JOB_DELIVERED };

// [executor_job]
// One submitted call; the caller owns the memory (like struct fd_wait) and keeps it
// until the future is done and its callbacks have run.
struct executor_job {
    struct future future; // first: completes with value_int(result), or the error
    struct executor *ex;  // for the future's cancel hook
    executor_fn *fn;
    void *arg;
    int64_t result;
    enum executor_job_state state; // guarded by the executor's lock
    struct executor_job *next; // in the queue, or in the done list
};
// [/executor_job]

// [executor_struct]
struct executor {
    struct loop *loop;
    pthread_mutex_t lock; // guards everything below but the threads
    pthread_cond_t queued; // signalled when a job is queued, or at shutdown
    struct executor_job *queue_head, *queue_tail; // waiting for a worker, oldest first
    struct executor_job *done_head, *done_tail; // finished, not delivered yet
    bool stopping;
    int wake_fd; // the eventfd the workers write to
    struct fd_wait wake; // the loop's wait on wake_fd
    pthread_t *threads;
    size_t n_threads;
};
// [/executor_struct]

// Starts n_threads workers (1 to 64) for loop, which must run on a reactor. Returns 0,
// or a negative errno: -EINVAL (no reactor, or a bad count), -ENOMEM, -EAGAIN (no
// thread), or eventfd's or epoll's error.
int executor_init(struct executor *ex, struct loop *loop, size_t n_threads);

// Queues fn(arg) to run on a worker; job->future completes on the loop's thread with
// value_int(result), or with -result as its error when fn returned a negative errno
// (EIO for a negative result that is no errno). future_cancel(&job->future), as a
// task cancelled while it awaits the job does, is executor_cancel: a running job
// keeps its memory in use until its future completes. Returns 0, or -EINVAL when fn
// is NULL or the executor is shutting down (then job is left untouched).
int executor_submit(struct executor *ex, struct executor_job *job, executor_fn *fn,
                    void *arg);

// Cancels a job no worker has started: its future completes with ECANCELED and fn
// never runs. Returns 0, or -EBUSY when it is running already (it will finish), or
// -EALREADY when it has finished. Complete the future with future_set_error, not
// future_cancel: future_cancel calls the job's cancel hook, which is this function.
int executor_cancel(struct executor *ex, struct executor_job *job);

// Cancels every queued job, waits for the running ones and joins the workers,
// completes every future that is still pending, then closes the eventfd. Call it on
// the loop's thread, before loop_close; the futures' callbacks run on the loop's next
// turns, and ex must live until loop_close (a wake-up of it may still be queued).
void executor_shutdown(struct executor *ex);

// For the workers: takes queued jobs, runs them, hands them back (executor_worker.c).
void *executor_worker(void *arg);

// For the loop: completes the futures of the finished jobs (executor_deliver.c).
void executor_deliver(struct executor *ex);

#endif
