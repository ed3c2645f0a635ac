// gather: one future for many - Python's asyncio.gather(*aws).
//
// The gather's future completes when every child has, with None as its result; the
// results stay in the children, in argument order: gather_result(g, i) is
// children[i]'s, whatever order they finished in. The first child that fails (or is
// cancelled) completes the gather at once with its error; the other children keep
// running, as in asyncio. Cancelling the gather (future_cancel(&g->future)) cancels
// every child still running; the gather then completes with ECANCELED.
//
// Memory: one allocation (the gather and its array of children). The children are
// borrowed: they must outlive the gather. gather_free removes the gather's callbacks
// from the children, so a child may still run after the gather is freed; free the
// children after the gather.
#ifndef GATHER_H
#define GATHER_H

#include <stdbool.h>
#include <stddef.h>

#include "future.h"

struct loop;

struct gather {
    struct future future; // first: a gather is a future (its cancel hook is
                          // gather_cancel)
    size_t n, pending;    // children, and how many of them are not done yet
    bool cancel_requested;
    struct future *children[];
};

// Python's asyncio.gather(children[0], ..., children[n - 1]). n may be 0 (done at
// once). Returns the gather, or NULL when out of memory or a child is NULL.
struct gather *gather_create(struct loop *loop, struct future *const children[],
                             size_t n);

// children[i]'s result (value_none() while it is pending or if it failed).
struct value gather_result(const struct gather *g, size_t i);

// Cancels every child that is not done. Returns 0, or -EALREADY when the gather is
// done. (future_cancel on the gather's future calls this.)
int gather_cancel(struct gather *g);

// Frees the gather. Returns 0, or -EBUSY (nothing freed) while its own future still
// has callbacks to run.
int gather_free(struct gather *g);

#endif
