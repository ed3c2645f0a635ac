// greenlet: stackful coroutines with the semantics of Python's greenlet module.
//
// Every greenlet runs a function on a stack of its own, so it can suspend anywhere, in
// a function as deep as it likes: greenlet_switch(g, v) stops the running greenlet
// where it is and resumes g, whose own pending greenlet_switch returns v. Nothing is
// `async`, nothing says `await`: the cost is a stack per greenlet.
//
//   - Each thread starts inside its main greenlet (greenlet_current() before any switch).
//   - A greenlet's parent is where it goes when its function returns: the parent's pending
//     switch returns the function's result. parent NULL means the greenlet that creates it.
//   - A function that returns a negative errno "raises": the error travels to the parent,
//     whose pending switch returns it (the first living ancestor, if the parent is dead).
//   - A dead greenlet (its function returned) cannot be switched to: -ESRCH.
//   - Never switch inside a signal handler: the handler would go on running on another
//     greenlet's stack with the signal still blocked.
#ifndef GREENLET_H
#define GREENLET_H

#include <stdbool.h>
#include <stddef.h>

#include "greenlet_context.h"
#include "greenlet_stack.h"

// [types]
// A greenlet's function: `arg` is the value of the first switch into it. It returns 0
// and sets *result, or returns a negative errno (the error its parent receives).
typedef int greenlet_fn(void *arg, void **result);

enum greenlet_state {
    GREENLET_NEW,       // created, never switched to
    GREENLET_SUSPENDED, // stopped in greenlet_switch, waiting for a switch back
    GREENLET_RUNNING,   // the current greenlet of its thread
    GREENLET_DEAD,      // its function returned
};

struct greenlet {
    const char *name;   // for messages: the stack overflow report names it
    greenlet_fn *fn;
    struct greenlet *parent;
    enum greenlet_state state;
    struct greenlet_stack stack; // none for a thread's main greenlet
    struct greenlet_pool *pool;  // where the stack came from, or NULL: its own mapping
    struct greenlet_context context;
    void *asan_fake_stack;       // AddressSanitizer's bookkeeping, under SAN=1
};
// [/types]

#define GREENLET_STACK_DEFAULT (256 * 1024)

// [functions]
// The running greenlet of this thread (its main greenlet until the first switch).
struct greenlet *greenlet_current(void);

// A new greenlet that will run fn on a stack of GREENLET_STACK_DEFAULT bytes, with
// parent as its parent (NULL: the current greenlet). NULL with errno set if memory ran
// out.
struct greenlet *greenlet_new(greenlet_fn *fn, struct greenlet *parent);
// The same with a name and a stack size (rounded up to whole pages).
struct greenlet *greenlet_new_named(const char *name, greenlet_fn *fn,
                                    struct greenlet *parent, size_t stack_size);
// The same with a stack taken from pool (greenlet_stack.h), given back by
// greenlet_free. NULL with errno ENOMEM when the pool is full.
struct greenlet *greenlet_new_pooled(const char *name, greenlet_fn *fn,
                                     struct greenlet *parent,
                                     struct greenlet_pool *pool);

// Suspends the current greenlet and runs g (starting it with `value` as its argument,
// or resuming its pending switch with `value`). Returns 0 and *back = the value the
// current greenlet is switched back in with, once someone does; or the negative errno
// a child that raised passed up; or -ESRCH (g is dead) or -EINVAL (g is NULL) without
// switching. back may be NULL.
int greenlet_switch(struct greenlet *g, void *value, void **back);

// Frees a greenlet that is not running, and its stack. A suspended greenlet's function
// never finishes. Never free a main greenlet, nor the parent (or any ancestor) of a
// greenlet still alive: that one returns, or passes its error, to it when it ends.
void greenlet_free(struct greenlet *g);
// [/functions]

#endif
