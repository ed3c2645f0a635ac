#include "gen_loop.h"

#include <errno.h>

#include "clock.h"
#include "sleep.h"

// Both loops keep each generator's last yielded value in results[i]: it is what
// they send back next, and the slot is overwritten by the return value when the
// generator finishes.

// [event_loop]
int event_loop(struct gen *gens[], int n, struct value results[])
{
    // TODO(lab 03): drive every generator to its end, in turn, sending each what it
    // last yielded; results[i] ends as gens[i]'s return value. -EINVAL, -EIO.
    // Chapter 3, "An event loop that drives generators"; hints: #hints-event-loop.
    (void)gens, (void)n, (void)results;
    return -ENOSYS;
}
// [/event_loop]

// [event_loop_sleeping]
int event_loop_sleeping(struct gen *gens[], int n, struct value results[])
{
    // TODO(lab 03): event_loop's contract, but sleep until the earliest deadline
    // yielded, never early, and resume only the generators that are due.
    // Chapter 3, "An event loop that drives generators"; hints: #hints-sleeping-loop.
    (void)gens, (void)n, (void)results;
    return -ENOSYS;
}
// [/event_loop_sleeping]
