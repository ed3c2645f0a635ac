#include "deadline_heap.h"

#include <errno.h>
#include <stdlib.h>

#include "grow_array.h"

void deadline_heap_init(struct deadline_heap *h)
{
    *h = (struct deadline_heap){0};
}

void deadline_heap_free(struct deadline_heap *h)
{
    free(h->entries);
    deadline_heap_init(h);
}

size_t deadline_heap_size(const struct deadline_heap *h)
{
    return h->len;
}


// Grows the array so one more entry fits (by doubling: grow_array.h).
static int make_room(struct deadline_heap *h)
{
    struct heap_entry *grown = GROW_ARRAY(h->entries, h->cap, h->len + 1, 64);
    if (grown == NULL)
        return -ENOMEM;
    h->entries = grown;
    return 0;
}

// [heap_order]
// Without the seq tie-break, equal deadlines would leave in whatever order the
// swaps left them.
bool heap_entry_before(const struct heap_entry *a, const struct heap_entry *b)
{
    // TODO(lab 02): the heap's order: true when a leaves before b. Equal deadlines
    // leave in the order they were pushed, so no two entries ever tie.
    // Chapter 2, "The C design"; hints: #hints-heap-entry-before.
    (void)a, (void)b;
    return false;
}
// [/heap_order]

// [heap_push]
int64_t deadline_heap_push(struct deadline_heap *h, int64_t deadline_ns, void *item)
{
    if (make_room(h) < 0)
        return -ENOMEM;
    // TODO(lab 02): add the entry (there is room) in O(log n) steps, so that again no
    // entry sorts after any of its children; return its handle, its seq + 1.
    // Chapter 2, "The C design"; hints: #hints-heap-push.
    (void)h, (void)deadline_ns, (void)item;
    return -ENOSYS;
}
// [/heap_push]

// [heap_pop]
// Removes entries[0] (h is not empty), keeping the invariant.
static void remove_top(struct deadline_heap *h)
{
    // TODO(lab 02): take the root out (h is not empty) in O(log n) steps, so that
    // again no entry sorts after any of its children.
    // Chapter 2, "The C design"; hints: #hints-heap-pop.
    h->len--;
}
// [/heap_pop]

// [heap_lazy]
const struct heap_entry *deadline_heap_peek(struct deadline_heap *h)
{
    // Lazy cancellation pays here: a cancelled entry is dropped once it is on top.
    while (h->len > 0 && h->entries[0].cancelled)
        remove_top(h);
    return h->len > 0 ? &h->entries[0] : NULL;
}

int deadline_heap_pop(struct deadline_heap *h, struct heap_entry *out)
{
    if (deadline_heap_peek(h) == NULL)
        return -ENOENT;
    if (out != NULL)
        *out = h->entries[0];
    remove_top(h);
    return 0;
}

int deadline_heap_cancel(struct deadline_heap *h, int64_t handle, void **item)
{
    // TODO(lab 02): mark the entry of this handle cancelled where it stands, its item
    // to *item (if item); a handle popped or cancelled before is -ENOENT.
    // Chapter 2, "The C design"; hints: #hints-heap-cancel.
    (void)h, (void)handle, (void)item;
    return -ENOSYS;
}
// [/heap_lazy]
