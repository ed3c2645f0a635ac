#include <errno.h>

#include "clock.h"
#include "deadline_heap.h"
#include "pollwait.h"
#include "sleep.h"

// [wait_all_sleeping]
int wait_all_sleeping(struct task tasks[], size_t n, int64_t results[], size_t finish_order[])
{
    /* BEGIN SOLUTION */
    if (n > 0 && (tasks == NULL || results == NULL)) {
        errno = EINVAL;
        return -1;
    }
    struct deadline_heap pending;
    deadline_heap_init(&pending);
    // Pushed in submission order, so the heap's sequence numbers put equal deadlines in
    // submission order too.
    for (size_t i = 0; i < n; i++) {
        if (deadline_heap_push(&pending, tasks[i].deadline_ns, &tasks[i]) != 0) {
            deadline_heap_free(&pending);
            return -1;
        }
    }
    size_t finished = 0;
    int rc = 0;
    while (deadline_heap_size(&pending) > 0) {
        struct task *next = deadline_heap_peek(&pending)->item;
        if (task_run(next)) {
            deadline_heap_pop(&pending, NULL);
            size_t i = (size_t)(next - tasks);
            results[i] = next->result;
            if (finish_order != NULL)
                finish_order[finished] = i;
            finished++;
            continue;
        }
        // The earliest pending task is not done, so no task is: nothing can happen before its
        // deadline. Sleep until then, rounding up to whole milliseconds (sleep_ms's unit) so we
        // never wake early. The deadline may pass between task_run and now: then don't sleep.
        int64_t left_ns = next->deadline_ns - clock_now_ns();
        if (left_ns > 0 && sleep_ms((left_ns + NS_PER_MS - 1) / NS_PER_MS) != 0) {
            rc = -1;
            break;
        }
    }
    int saved_errno = errno;
    deadline_heap_free(&pending);
    errno = saved_errno;
    return rc;
    /* BEGIN STUB
    // TODO(lab 02): push every task into a deadline_heap (keyed by its deadline_ns, the task as
    // the item). Then loop: peek at the earliest; if task_run says it is done, pop it and record
    // it as wait_all does; if not, sleep_ms until its deadline (round up, never sleep early).
    // Free the heap on every way out.
    (void)tasks, (void)n, (void)results, (void)finish_order;
    errno = ENOSYS;
    return -1;
    END STUB */
}
// [/wait_all_sleeping]
