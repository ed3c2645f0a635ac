#include "timer_heap.h"

#include <errno.h>
#include <stdlib.h>

// Children per node. Four children of 16 bytes fill one 64-byte cache line, and the tree is
// half as deep as a binary one: fewer cache misses per pop.
enum { ARITY = 4 };

void timer_heap_init(struct timer_heap *h)
{
    *h = (struct timer_heap){0};
}

void timer_heap_free(struct timer_heap *h)
{
    free(h->entries);
    free(h->slots);
    free(h->slot_seqs);
    timer_heap_init(h);
}

// [timer_before]
// Whether entry a fires before entry b: the earlier deadline, then the one set first.
static bool timer_before(struct timer_entry a, struct timer_entry b)
{
    // TODO(lab 04): the earlier deadline first; on a tie, the smaller seq (set first). seq
    // wraps: compare (int32_t)(a.seq - b.seq) < 0, not a.seq < b.seq.
    (void)a, (void)b;
    return false;
}
// [/timer_before]

// Takes a free slot, growing the slot arrays when there is none. Returns its index, or
// UINT32_MAX when out of memory.
static uint32_t slot_take(struct timer_heap *h)
{
    if (h->free_slot == h->slot_cap) {
        uint32_t cap = h->slot_cap ? h->slot_cap * 2 : 64;
        struct timer_slot *slots = realloc(h->slots, cap * sizeof *slots);
        if (slots == NULL)
            return UINT32_MAX;
        h->slots = slots;
        uint32_t *seqs = realloc(h->slot_seqs, cap * sizeof *seqs);
        if (seqs == NULL)
            return UINT32_MAX;
        h->slot_seqs = seqs;
        // The new slots, chained in order, become the free list.
        for (uint32_t i = h->slot_cap; i < cap; i++)
            h->slots[i] = (struct timer_slot){.fn = NULL, .arg = (void *)(uintptr_t)(i + 1)};
        h->free_slot = h->slot_cap;
        h->slot_cap = cap;
    }
    uint32_t slot = h->free_slot;
    h->free_slot = (uint32_t)(uintptr_t)h->slots[slot].arg;
    return slot;
}

static void slot_release(struct timer_heap *h, uint32_t slot)
{
    h->slots[slot] = (struct timer_slot){.fn = NULL, .arg = (void *)(uintptr_t)h->free_slot};
    h->free_slot = slot;
}

// [timer_heap_push]
uint64_t timer_heap_push(struct timer_heap *h, int64_t deadline_ns, void (*fn)(void *arg), void *arg)
{
    if (h->count == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        struct timer_entry *entries = realloc(h->entries, cap * sizeof *entries);
        if (entries == NULL) {
            errno = ENOMEM;
            return 0;
        }
        h->entries = entries;
        h->cap = cap;
    }
    uint32_t slot = slot_take(h);
    if (slot == UINT32_MAX) {
        errno = ENOMEM;
        return 0;
    }
    uint32_t seq = h->next_seq++;
    h->slots[slot] = (struct timer_slot){.fn = fn, .arg = arg};
    h->slot_seqs[slot] = seq;
    struct timer_entry entry = {.deadline_ns = deadline_ns, .seq = seq, .slot = slot};
    // TODO(lab 04): append entry at h->entries[h->count++] and sift it up: while it fires
    // before its parent ((i - 1) / 2, see timer_before), swap them.
    (void)entry, (void)timer_before;
    // The handle: the seq in the high half, slot + 1 in the low half (so it is never 0).
    return (uint64_t)seq << 32 | ((uint64_t)slot + 1);
}
// [/timer_heap_push]

int timer_heap_cancel(struct timer_heap *h, uint64_t handle)
{
    uint64_t low = handle & UINT32_MAX;
    uint32_t seq = (uint32_t)(handle >> 32);
    if (low == 0 || low > h->slot_cap) {
        errno = ENOENT;
        return -1;
    }
    uint32_t slot = (uint32_t)(low - 1);
    // A free slot has no fn; a reused one has another seq.
    if (h->slots[slot].fn == NULL || h->slot_seqs[slot] != seq) {
        errno = ENOENT;
        return -1;
    }
    // The entry stays in the heap (finding it would cost a search); the slot stays taken until
    // the entry is popped, so the handle stays unambiguous.
    h->slots[slot].fn = NULL;
    h->slots[slot].arg = NULL;
    return 0;
}

// [timer_heap_pop]
bool timer_heap_pop(struct timer_heap *h, void (**fn)(void *arg), void **arg)
{
    if (h->count == 0)
        return false;
    struct timer_entry top = h->entries[0];
    *fn = h->slots[top.slot].fn;
    *arg = h->slots[top.slot].arg;
    slot_release(h, top.slot);
    // TODO(lab 04): move the last entry (h->entries[--h->count]) to the root and sift it
    // down: swap it with its earlier child (2i + 1 or 2i + 2, see timer_before) while that
    // child fires before it.
    h->count--;
    return true;
}
// [/timer_heap_pop]

bool timer_heap_peek(struct timer_heap *h, int64_t *deadline_ns)
{
    void (*fn)(void *);
    void *arg;
    while (h->count > 0 && h->slots[h->entries[0].slot].fn == NULL)
        timer_heap_pop(h, &fn, &arg);
    if (h->count == 0)
        return false;
    *deadline_ns = h->entries[0].deadline_ns;
    return true;
}
