#include "deadline_heap.h"

#include <errno.h>
#include <stdlib.h>

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

const struct heap_entry *deadline_heap_peek(const struct deadline_heap *h)
{
    return h->len > 0 ? &h->entries[0] : NULL;
}

// Grows the array so one more entry fits. Doubling keeps n pushes O(n)
// copies in total.
static int make_room(struct deadline_heap *h)
{
    if (h->len < h->cap)
        return 0;
    size_t cap = h->cap ? 2 * h->cap : 64;
    struct heap_entry *grown = realloc(h->entries, cap * sizeof *grown);
    if (grown == NULL)
        return -ENOMEM;
    h->entries = grown;
    h->cap = cap;
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
int deadline_heap_push(struct deadline_heap *h, int64_t deadline_ns, void *item)
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
    return 0;
    /* BEGIN STUB
    // TODO(lab 02): add the entry (there is room) in O(log n) steps, so that again
    // no entry sorts after any of its children.
    // Chapter 2, "The C design"; hints: #hints-heap-push.
    (void)h, (void)deadline_ns, (void)item;
    return -ENOSYS;
    END STUB */
}
// [/heap_push]

// [heap_pop]
int deadline_heap_pop(struct deadline_heap *h, struct heap_entry *out)
{
    /* BEGIN SOLUTION */
    if (h->len == 0)
        return -ENOENT;
    if (out != NULL)
        *out = h->entries[0];
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
    return 0;
    /* BEGIN STUB
    // TODO(lab 02): take out the earliest entry (into *out, if given) in O(log n)
    // steps, keeping the heap's invariant; an empty heap is -ENOENT.
    // Chapter 2, "The C design"; hints: #hints-heap-pop.
    (void)h, (void)out;
    return -ENOSYS;
    END STUB */
}
// [/heap_pop]
