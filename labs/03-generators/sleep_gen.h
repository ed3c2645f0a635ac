// sleep_gen: a sleep written as a generator, so that many of them can wait at once.
//
// Python:  def sleep_gen(duration, id):
//              deadline = time.monotonic() + duration
//              while time.monotonic() < deadline:
//                  yield
//              return id
#ifndef SLEEP_GEN_H
#define SLEEP_GEN_H

#include <stdint.h>

#include "gen.h"

// The locals of both sleeps below.
struct sleep_frame {
    int64_t duration_ms;
    int64_t id;
    int64_t deadline_ns; // on clock_now_ns()'s clock, set when the body first runs
};

// Makes g a sleep of duration_ms (>= 0) that returns id. Each time it is resumed
// before its deadline it yields None ("not yet"); once the deadline has passed it
// returns value_int(id). The deadline is counted from the first send, not from this
// call, as in Python.
void sleep_gen_init(struct gen *g, struct sleep_frame *frame, int64_t duration_ms,
                    int64_t id);

// The same sleep, but it tells its driver what it waits for: each time it is resumed
// before its deadline it yields value_int(deadline_ns) (clock_now_ns() time), so a
// loop can sleep until the earliest deadline instead of asking again and again.
// Returns value_int(id).
void deadline_sleep_gen_init(struct gen *g, struct sleep_frame *frame,
                             int64_t duration_ms, int64_t id);

#endif
