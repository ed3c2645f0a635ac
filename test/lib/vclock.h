// vclock: a virtual clock for lab 04's loop, shared by the tests of labs 04 and 05. The clock
// moves only when the loop polls: a poll for t ns jumps t ns ahead, so timers fire exactly on
// time and tests do not depend on the machine's speed or load.
//
// Header-only (static inline), because test/lib's .c files are linked into every lab's tests
// and labs 01-03 have no loop.h.
#ifndef VCLOCK_H
#define VCLOCK_H

#include <errno.h>
#include <stdint.h>

#include "loop.h"

struct vclock {
    struct loop_backend backend; // first: the loop sees only this
    int64_t now_ns;
    int64_t poll_cost_ns; // how far even a poll with timeout 0 moves the clock (0 unless a test sets it)
    int polls;
    int64_t timeouts[64]; // the timeout of each of the first 64 polls
};

static inline int64_t vclock_now(struct loop_backend *self)
{
    return ((struct vclock *)self)->now_ns;
}

static inline int vclock_poll(struct loop_backend *self, struct loop *loop, int64_t timeout_ns)
{
    (void)loop;
    struct vclock *clock = (struct vclock *)self;
    if (clock->polls < 64)
        clock->timeouts[clock->polls] = timeout_ns;
    clock->polls++;
    if (timeout_ns < 0)
        return -EDEADLK; // nothing scheduled: a real loop would wait forever
    clock->now_ns += timeout_ns > clock->poll_cost_ns ? timeout_ns : clock->poll_cost_ns;
    return 0;
}

// Makes loop run on a new virtual clock that starts at 1 s.
static inline void vclock_loop_init(struct loop *loop, struct vclock *clock)
{
    *clock = (struct vclock){.backend = {.now_ns = vclock_now, .poll = vclock_poll}, .now_ns = 1000000000};
    loop_init(loop, &clock->backend);
}

#endif
