// dispatch_coroutines: see dispatch.h. One task per chunk on a loop of its own.
#include <errno.h>
#include <stdlib.h>

#include "coro_task.h"
#include "dispatch.h"
#include "gather.h"
#include "loop.h"
#include "reactor.h"

// A finished task's result as dispatch.h gives it: the value, or the negative errno.
static int64_t task_result(struct coro_task *t)
{
    struct future *f = coro_task_future(t);
    return future_error(f) ? -(int64_t)future_error(f) : future_result(f).as.i;
}

// [run_tasks]
// Runs the tasks until every one has finished: gather first, then, if the gather
// stopped at an error, each task that was still running.
static int run_tasks(struct loop *loop, struct coro_task **tasks, size_t n)
{
    /* BEGIN SOLUTION */
    struct future **children = calloc(n ? n : 1, sizeof *children);
    if (children == NULL)
        return -ENOMEM;
    for (size_t j = 0; j < n; j++)
        children[j] = coro_task_future(tasks[j]);
    struct gather *g = gather_create(loop, children, n);
    int rc = g ? loop_run_until_complete(loop, &g->future) : -ENOMEM;
    for (size_t j = 0; j < n && rc == 0; j++)
        rc = loop_run_until_complete(loop, children[j]);
    if (g)
        gather_free(g);
    free(children);
    return rc;
    /* BEGIN STUB
    // TODO(lab 08): run the loop until every task has finished, side by side, even
    // when one fails early; free what you allocate. Return 0 or a negative errno.
    // Chapter 8, "What you write"; hints: #hints-run-tasks.
    (void)loop, (void)tasks, (void)n;
    return -ENOSYS;
    END STUB */
}
// [/run_tasks]

// [dispatch_coroutines]
int dispatch_coroutines(const struct job *job, const struct chunk *chunks,
                        size_t n_jobs, int64_t *results)
{
    struct coro_task **tasks = calloc(n_jobs ? n_jobs : 1, sizeof *tasks);
    if (tasks == NULL)
        return -ENOMEM;
    struct reactor reactor; // so that a job may await a socket as well as a timer
    int rc = reactor_init(&reactor);
    if (rc < 0) {
        free(tasks);
        return rc;
    }
    struct loop loop;
    loop_init(&loop, &reactor.backend);
    for (size_t j = 0; j < n_jobs && rc == 0; j++) {
        struct job_frame frame = {.chunk = chunks[j], .arg = job->arg, .loop = &loop};
        tasks[j] = coro_task_create(&loop, job->coroutine, &frame, sizeof frame);
        rc = tasks[j] ? 0 : -ENOMEM;
    }
    if (rc == 0)
        rc = run_tasks(&loop, tasks, n_jobs);
    for (size_t j = 0; j < n_jobs && rc == 0; j++)
        results[j] = task_result(tasks[j]);
    for (size_t j = 0; j < n_jobs && tasks[j]; j++) {
        // A task that never ran cannot be freed while pending: cancel it and let it
        // end.
        for (int turns = 0; coro_task_free(tasks[j]) == -EBUSY && turns < 1000;
             turns++) {
            coro_task_cancel(tasks[j]);
            loop_run_once(&loop);
        }
    }
    free(tasks);
    loop_close(&loop);
    reactor_close(&reactor);
    return rc;
}
// [/dispatch_coroutines]
