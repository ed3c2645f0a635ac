// gen_loop: event loops that drive many generators at once, until every
// one has returned.
//
// The loop is the only caller of gen_send: each generator runs until it yields,
// then the next one gets its turn. No generator ever blocks, so n sleeps of d take
// about d, not n * d.
#ifndef GEN_LOOP_H
#define GEN_LOOP_H

#include "gen.h"

// Python's generator event_loop(gens): sends each generator the value it last yielded
// (None the first time), over and over, round-robin, until all have returned.
// results[i] receives the return value of gens[i] - results come back in the order of
// gens, whatever order the generators finish in. gens[] must be new generators;
// results[] has room for n values. Returns 0, or a negative errno: -EINVAL for n < 0;
// -EIO when a generator failed (then results[i] holds what it raised, gens[i]->error
// says why, and the others stay suspended).
int event_loop(struct gen *gens[], int n, struct value results[]);

// The same loop, improved: a generator that yields value_int(t) is saying "resume
// me at clock_now_ns() time t", so the loop leaves it alone until then, and when
// nobody is due it sleeps until the earliest such time instead of spinning. A
// generator that yields anything else is resumed on the next pass. Results and
// errors as for event_loop, and the error of sleep_ms.
int event_loop_sleeping(struct gen *gens[], int n, struct value results[]);

#endif
