// deadline_heap: a 4-ary min-heap of (deadline, sequence number) -> item.
//
// The heap knows nothing about clocks: it only orders numbers. That keeps it testable
// on a virtual clock (any int64_t will do as a deadline) and reusable by any loop that
// needs "what is due next?".
#ifndef DEADLINE_HEAP_H
#define DEADLINE_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// [heap_types]
struct heap_entry {
    int64_t deadline_ns;
    uint64_t seq;  // insertion number: breaks ties so equal deadlines leave
                   // in insertion order
    void *item;    // the caller's; the heap never looks at it
    bool cancelled; // deadline_heap_cancel was called: it leaves without a word
};

// Each entry has up to HEAP_ARITY children: those of entries[i] are entries[4i+1] ..
// entries[4i+4], its parent is entries[(i-1)/4]. Four children instead of the textbook
// two make the tree half as deep (10 levels instead of 17 for 10^5 entries). A pop
// then compares four neighbouring siblings per level instead of two, but a level costs
// mostly the wait for its memory, so fewer levels win.
enum { HEAP_ARITY = 4 };

// Invariant: every entry sorts no later than any of its children, by (deadline_ns,
// seq). So entries[0] is always the earliest.
struct deadline_heap {
    struct heap_entry *entries;  // owned by the heap
    size_t len, cap;
    uint64_t next_seq;
};
// [/heap_types]

// The heap's one ordering: true when a must leave before b, that is when a's deadline
// is earlier, or the deadlines are equal and a was inserted earlier (smaller seq).
bool heap_entry_before(const struct heap_entry *a, const struct heap_entry *b);

// An empty heap. It allocates on the first push.
void deadline_heap_init(struct deadline_heap *h);

// Frees the entries (not the items) and leaves h empty and reusable.
void deadline_heap_free(struct deadline_heap *h);

// Number of entries in h, cancelled ones that have not reached the top included.
size_t deadline_heap_size(const struct deadline_heap *h);

// Adds item with deadline_ns, after every entry already in h with the same deadline.
// Returns a handle for deadline_heap_cancel (> 0: the entry's seq + 1), or -ENOMEM
// (h is unchanged).
int64_t deadline_heap_push(struct deadline_heap *h, int64_t deadline_ns, void *item);

// Cancels the entry a handle names, lazily: the entry is only marked, and leaves when
// it reaches the top (peek and pop drop it there), so a cancel moves nothing. Stores
// its item in *item (when item is not NULL), so the caller can free what it owns.
// Returns 0, or -ENOENT when no entry has that handle any more: it was popped (a timer
// that has fired), or cancelled already. Finds the entry by a linear search: O(n).
int deadline_heap_cancel(struct deadline_heap *h, int64_t handle, void **item);

// The earliest entry that is not cancelled (smallest deadline, then smallest seq),
// left in place; NULL when there is none. Cancelled entries at the top are dropped on
// the way. The pointer is valid until the next push, pop or peek.
const struct heap_entry *deadline_heap_peek(struct deadline_heap *h);

// Removes the earliest entry that is not cancelled and copies it to *out (when out is
// not NULL). Returns 0, or -ENOENT when there is none.
int deadline_heap_pop(struct deadline_heap *h, struct heap_entry *out);

#endif
