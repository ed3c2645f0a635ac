// grow_array: the one way the labs grow an array that fills up one item at a time -
// clox's GROW_ARRAY.
//
// When the array is full, its capacity doubles. Each item is then copied once per
// doubling that happens after it arrived, and the doublings shrink by half going
// back, so n appends cost fewer than 2n copies in all: O(1) per append, on average.
// Lab 02's heap is the first array that grows this way; lab 04's ready queue and
// timers and lab 05's response parser grow theirs with the same helper.
#ifndef GROW_ARRAY_H
#define GROW_ARRAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

// The capacity that holds need items: cap doubled (first_cap when cap is 0) until
// need fits. 0 when that many items of item_size bytes would not fit in a size_t.
static inline size_t grow_capacity(size_t cap, size_t need, size_t item_size,
                                   size_t first_cap)
{
    size_t new_cap = cap ? cap : first_cap;
    while (new_cap < need) {
        if (new_cap > SIZE_MAX / 2)
            return 0;
        new_cap *= 2;
    }
    return new_cap > SIZE_MAX / item_size ? 0 : new_cap;
}

// Makes room in items (an array of *cap items of item_size bytes each, or NULL when
// *cap is 0) for at least need > 0 items: the capacity doubles, from first_cap when
// it is 0, until need fits. Returns the array - items itself when it had room, else
// what realloc made of it - and stores its new capacity in *cap. Returns NULL when out
// of memory (or when the size would overflow): items and *cap are then unchanged.
static inline void *grow_array(void *items, size_t item_size, size_t *cap, size_t need,
                               size_t first_cap)
{
    if (need <= *cap)
        return items;
    size_t new_cap = grow_capacity(*cap, need, item_size, first_cap);
    if (new_cap == 0)
        return NULL;
    void *grown = realloc(items, new_cap * item_size);
    if (grown != NULL)
        *cap = new_cap;
    return grown;
}

// grow_array for an array variable items with its capacity variable cap, as in
// `struct heap_entry *grown = GROW_ARRAY(h->entries, h->cap, h->len + 1, 64);`
// The caller stores the result back in items (when it is not NULL).
#define GROW_ARRAY(items, cap, need, first_cap) \
    grow_array((items), sizeof *(items), &(cap), (need), (first_cap))

#endif
