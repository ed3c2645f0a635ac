// waitcheck: the checks wait_all and wait_all_sleeping share (they have one contract).
// Each check runs the loop it is given, asserts, and names the loop in its messages.
#ifndef WAITCHECK_H
#define WAITCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "polltask.h"

typedef int wait_fn(struct task tasks[], size_t n, int64_t results[], size_t finish_order[]);

struct waiter {
    wait_fn *wait;
    const char *name;
    // Whether tasks must finish in exact deadline order. A loop that polls sees every task that
    // fell due while it was descheduled in one pass, in array order; a loop that keeps a heap
    // does not have that excuse.
    bool exact_order;
};

// The value task i produces in these tests: distinct from i, so a swapped result shows.
#define VALUE_OF(i) (1000 + (int64_t)(i))

// n tasks of the same d finish together, in [d, d + d/2): never early, and not one after another.
void check_ten_tasks_of_d(struct waiter w);

// Tasks that finish in reverse order still give their results in submission order.
void check_submission_order(struct waiter w);

// Tasks of mixed durations finish in the order of their deadlines (see exact_order).
void check_deadline_order(struct waiter w);

// Many tasks of random durations: none is seen done before its deadline.
void check_never_early(struct waiter w);

// The EINVAL cases of pollwait.h: missing arrays, and a task that was waited on before.
void check_rejects_bad_arguments(struct waiter w);

#endif
