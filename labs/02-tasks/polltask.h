// polltask: a task that knows its own deadline and can be asked, without
// blocking, "done yet?".
#ifndef POLLTASK_H
#define POLLTASK_H

#include <stdbool.h>
#include <stdint.h>

// [struct_task]
// A unit of work that completes by itself once its deadline has passed: the stand-in
// for an answer that arrives later (a timer, a reply from a server). Nothing runs
// "inside" it; someone has to keep asking it whether it is done. The caller owns the
// struct (usually in an array).
struct task {
    int id;               // the caller's label, printed by the demo
    int64_t deadline_ns;  // clock_now_ns() reading from which the task is done
    int64_t value;        // what the task produces once it is done
    bool ready;           // set by task_run once the deadline has
                          // passed; never cleared
    int64_t result;       // valid once ready: value
    int64_t finished_ns;  // valid once ready: the now_ns at which task_run saw it done
};
// [/struct_task]

// Starts t: it will be done duration_ms milliseconds from now (read with clock_now_ns)
// and then produce value. Returns 0, or -EINVAL when t is NULL or duration_ms is
// negative.
int task_start(struct task *t, int id, int64_t duration_ms, int64_t value);

// Gives t a chance to make progress at time now_ns, and never blocks: if now_ns has
// reached the deadline, marks t ready, stores its result and now_ns as the time it was
// seen done, and returns true; otherwise returns false at once. Asking again after it
// is ready keeps returning true and changes nothing. now_ns is a clock_now_ns()
// reading the caller took: the loop reads the clock once per pass and judges every
// task it asks in that pass against the same reading.
bool task_run(struct task *t, int64_t now_ns);

#endif
