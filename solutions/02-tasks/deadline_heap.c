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
    /* BEGIN SOLUTION */
    if (a->deadline_ns != b->deadline_ns)
        return a->deadline_ns < b->deadline_ns;
    return a->seq < b->seq;
    /* BEGIN STUB
    // TODO(lab 02): the heap's order: true when a leaves before b. Equal deadlines
    // leave in the order they were pushed, so no two entries ever tie.
    // Chapter 2, "The C design"; hints: #hints-heap-entry-before.
    (void)a, (void)b;
    return false;
    END STUB */
}
// [/heap_order]

// [heap_push]
int64_t deadline_heap_push(struct deadline_heap *h, int64_t deadline_ns, void *item)
{
    if (make_room(h) < 0)
        return -ENOMEM;
    /* BEGIN SOLUTION */
    // Put the new entry in the hole at the end, then move the hole up while its parent sorts
    // after the new entry. Every other parent/child pair stays ordered, so the invariant holds.
    struct heap_entry entry = {.deadline_ns = deadline_ns, .seq = h->next_seq++, .item = item};
    size_t hole = h->len++;
    while (hole > 0) {
        size_t parent = (hole - 1) / HEAP_ARITY;
        if (!heap_entry_before(&entry, &h->entries[parent]))
            break;
        h->entries[hole] = h->entries[parent];
        hole = parent;
    }
    h->entries[hole] = entry;
    return (int64_t)entry.seq + 1;
    /* BEGIN STUB
    // TODO(lab 02): add the entry (there is room) in O(log n) steps, so that again no
    // entry sorts after any of its children; return its handle, its seq + 1.
    // Chapter 2, "The C design"; hints: #hints-heap-push.
    (void)h, (void)deadline_ns, (void)item;
    return -ENOSYS;
    END STUB */
}
// [/heap_push]

// [heap_pop]
// Removes entries[0] (h is not empty), keeping the invariant.
static void remove_top(struct deadline_heap *h)
{
    /* BEGIN SOLUTION */
    // The root leaves a hole; the last entry must go somewhere. Move the hole down towards the
    // earliest of its children until the last entry sorts no later than all of them.
    struct heap_entry last = h->entries[--h->len];
    size_t hole = 0;
    for (;;) {
        size_t first = HEAP_ARITY * hole + 1;
        if (first >= h->len)
            break;
        size_t earliest = first;
        for (size_t child = first + 1; child < first + HEAP_ARITY && child < h->len; child++)
            if (heap_entry_before(&h->entries[child], &h->entries[earliest]))
                earliest = child;
        if (!heap_entry_before(&h->entries[earliest], &last))
            break;
        h->entries[hole] = h->entries[earliest];
        hole = earliest;
    }
    if (h->len > 0)
        h->entries[hole] = last;
    /* BEGIN STUB
    // TODO(lab 02): take the root out (h is not empty) in O(log n) steps, so that
    // again no entry sorts after any of its children.
    // Chapter 2, "The C design"; hints: #hints-heap-pop.
    h->len--;
    END STUB */
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
    /* BEGIN SOLUTION */
    // A popped entry is no longer in the array, so its handle is simply not found.
    for (size_t i = 0; i < h->len; i++) {
        struct heap_entry *e = &h->entries[i];
        if ((int64_t)e->seq + 1 != handle)
            continue;
        if (e->cancelled)
            return -ENOENT;
        e->cancelled = true;
        if (item != NULL)
            *item = e->item;
        return 0;
    }
    return -ENOENT;
    /* BEGIN STUB
    // TODO(lab 02): mark the entry of this handle cancelled where it stands, its item
    // to *item (if item); a handle popped or cancelled before is -ENOENT.
    // Chapter 2, "The C design"; hints: #hints-heap-cancel.
    (void)h, (void)handle, (void)item;
    return -ENOSYS;
    END STUB */
}
// [/heap_lazy]
