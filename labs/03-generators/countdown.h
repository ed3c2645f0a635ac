// countdown: the simplest generator - yields n, n-1, ..., 1, then returns "liftoff".
#ifndef COUNTDOWN_H
#define COUNTDOWN_H

#include <stdio.h>

#include "gen.h"

// The countdown's locals: they must survive every yield, so they live here,
// not on the stack.
struct countdown_frame {
    int64_t n;
    FILE
        *log; // where "Starting" is printed when the body first runs; NULL for silence
};

// Makes g a countdown from n, in frame (which must outlive g). Python: countdown(n).
void countdown_init(struct gen *g, struct countdown_frame *frame, int64_t n,
                    FILE *log);

// The text the countdown returns, as value_ptr(COUNTDOWN_RETURN).
extern char COUNTDOWN_RETURN[];

#endif
