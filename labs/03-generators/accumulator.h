// accumulator: the generator that does `c += yield i` - it yields 0, 1, 2, ... and
// adds up whatever it is sent, printing the running total.
#ifndef ACCUMULATOR_H
#define ACCUMULATOR_H

#include <stdio.h>

#include "gen.h"

struct accumulator_frame {
    struct value total; // c
    int64_t count;      // i: how many values it has yielded before this one
    FILE *log;          // where "c = ..." lines go
};

// Makes g an accumulator printing to log, in frame (which must outlive g). Sending it
// something that is not a number raises (GEN_ERROR), as `c += None` does in Python.
void accumulator_init(struct gen *g, struct accumulator_frame *frame, FILE *log);

#endif
