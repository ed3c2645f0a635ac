#include "gather.h"

#include <errno.h>
#include <stdlib.h>

#include "loop.h"

// A gather's memory: malloc's; in the optional part, bulk_memory.h's (huge pages for
// the array of a large gather).
#define gather_size(n) (sizeof(struct gather) + (n) * sizeof(struct future *))
#ifdef LAB04_BULK_MEMORY
#include "bulk_memory.h"
#define gather_alloc bulk_array_alloc
#define gather_release(g) bulk_array_free((g), gather_size((g)->n))
#else
#define gather_alloc malloc
#define gather_release(g) free(g)
#endif

// [gather_child_done]
// The done callback on each child.
static void gather_child_done(struct future *child, void *arg)
{
    struct gather *g = arg;
    // TODO(lab 04): count the child done; the gather completes exactly once: at the
    // first error, else when no child is pending (ECANCELED if cancelled).
    // Chapter 4, "What you write"; hints: #hints-gather-child-done.
    (void)g, (void)child;
}
// [/gather_child_done]

// The gather's future's cancel hook.
static int cancel_gather(struct future *f)
{
    return gather_cancel((struct gather *)f);
}

struct gather *gather_create(struct loop *loop, struct future *const children[],
                             size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (children[i] == NULL)
            return NULL;
    }
    struct gather *g = gather_alloc(gather_size(n));
    if (g == NULL)
        return NULL;
    future_init(&g->future, loop);
    future_set_cancel(&g->future, cancel_gather);
    g->n = n;
    g->pending = n;
    g->cancel_requested = false;
    for (size_t i = 0; i < n; i++) {
        g->children[i] = children[i];
        if (future_add_done_callback(children[i], gather_child_done, g) < 0) {
            for (size_t j = 0; j < i; j++)
                future_remove_done_callback(children[j], gather_child_done, g);
            gather_release(g);
            return NULL;
        }
    }
    if (n == 0)
        future_set_result(&g->future, value_none());
    return g;
}

struct value gather_result(const struct gather *g, size_t i)
{
    return i < g->n ? future_result(g->children[i]) : value_none();
}

// [gather_cancel]
int gather_cancel(struct gather *g)
{
    // TODO(lab 04): cancel the gather by cancelling every child still pending, and
    // remember that it was asked to; a gather that is done already is -EALREADY.
    // Chapter 4, "What you write"; hints: #hints-gather-cancel.
    (void)g;
    return -ENOSYS;
}
// [/gather_cancel]

int gather_free(struct gather *g)
{
    if (g == NULL)
        return 0;
    if (future_callbacks_pending(&g->future))
        return -EBUSY;
    for (size_t i = 0; i < g->n; i++)
        future_remove_done_callback(g->children[i], gather_child_done, g);
    gather_release(g);
    return 0;
}
