// pollwait: two loops that drive many tasks to completion on one thread.
#ifndef POLLWAIT_H
#define POLLWAIT_H

#include <stddef.h>
#include <stdint.h>

#include "polltask.h"

// Both loops share one contract. tasks[0..n) come fresh from task_start (none waited
// on yet). When the call returns 0, every task is ready, results[i] holds the result
// of tasks[i] (submission order, whatever order they finished in) and, when
// finish_order is not NULL, finish_order[k] is the index of the k-th task to finish.
// results (and finish_order) must have room for n entries. Returns 0, or a negative
// errno: -EINVAL when tasks or results is NULL and n > 0, or when a task is ready
// already (it was waited on before: the busy loop would never see it finish, and
// would spin for ever). Nothing is run or written then.

// The busy loop: asks every pending task in turn, again and again, until none is
// pending. It never sleeps, so it keeps one core fully busy for as long as it waits.
int wait_all(struct task tasks[], size_t n, int64_t results[], size_t finish_order[]);

// The sleeping loop: keeps the pending tasks in a deadline_heap and, between passes,
// sleeps until the earliest pending deadline, so the waiting costs almost no CPU.
// Tasks with equal deadlines finish in submission order. Also fails with -ENOMEM (the
// heap), or the error of sleep_ms.
int wait_all_sleeping(struct task tasks[], size_t n, int64_t results[],
                      size_t finish_order[]);

#endif
