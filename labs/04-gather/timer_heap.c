#include "timer_heap.h"

#include <errno.h>
#include <stdlib.h>

// Children per node in the heap. Four children of 16 bytes fill a 64-byte cache line, and the
// tree is half as deep as a binary one: fewer cache misses per pop.
enum { ARITY = 4 };

void timer_heap_init(struct timer_heap *h)
{
    *h = (struct timer_heap){0};
}

void timer_heap_free(struct timer_heap *h)
{
    free(h->entries);
    free(h->lane);
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

// [heap_push]
// Adds entry to the heap (there is room for it).
static void heap_push(struct timer_heap *h, struct timer_entry entry)
{
    // TODO(lab 04): append entry at h->entries[h->count++] and sift it up: while it fires
    // before its parent ((i - 1) / ARITY, see timer_before), swap them.
    (void)h, (void)entry, (void)timer_before;
}
// [/heap_push]

// Grows an array of entries to hold one more. Returns 0, or -1 when out of memory.
static int entries_reserve(struct timer_entry **array, size_t *cap, size_t needed)
{
    if (needed <= *cap)
        return 0;
    size_t new_cap = *cap ? *cap * 2 : 64;
    struct timer_entry *grown = realloc(*array, new_cap * sizeof *grown);
    if (grown == NULL)
        return -1;
    *array = grown;
    *cap = new_cap;
    return 0;
}

// Appends entry to the fast lane, which it does not precede.
static int lane_append(struct timer_heap *h, struct timer_entry entry)
{
    if (h->lane_head + h->lane_count == h->lane_cap && h->lane_head > 0 && h->lane_head >= h->lane_cap / 2) {
        // More than half the array is spent: slide the lane back to the front.
        for (size_t i = 0; i < h->lane_count; i++)
            h->lane[i] = h->lane[h->lane_head + i];
        h->lane_head = 0;
    }
    if (entries_reserve(&h->lane, &h->lane_cap, h->lane_head + h->lane_count + 1) != 0)
        return -1;
    h->lane[h->lane_head + h->lane_count++] = entry;
    return 0;
}

uint64_t timer_heap_push(struct timer_heap *h, int64_t deadline_ns, void (*fn)(void *arg), void *arg)
{
    uint32_t slot = slot_take(h);
    if (slot == UINT32_MAX) {
        errno = ENOMEM;
        return 0;
    }
    uint32_t seq = h->next_seq;
    struct timer_entry entry = {.deadline_ns = deadline_ns, .seq = seq, .slot = slot};
    bool in_order = h->lane_count == 0 || !timer_before(entry, h->lane[h->lane_head + h->lane_count - 1]);
    int rc = in_order ? lane_append(h, entry) : entries_reserve(&h->entries, &h->cap, h->count + 1);
    if (rc != 0) {
        slot_release(h, slot);
        errno = ENOMEM;
        return 0;
    }
    if (!in_order)
        heap_push(h, entry);
    h->next_seq++;
    h->slots[slot] = (struct timer_slot){.fn = fn, .arg = arg};
    h->slot_seqs[slot] = seq;
    // The handle: the seq in the high half, slot + 1 in the low half (so it is never 0).
    return (uint64_t)seq << 32 | ((uint64_t)slot + 1);
}

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

// [heap_pop]
// Removes the heap's root (the heap is not empty).
static void heap_pop(struct timer_heap *h)
{
    // TODO(lab 04): move the last entry (h->entries[--h->count]) to the root and sift it
    // down: swap it with its earliest child (ARITY * i + 1 to ARITY * i + ARITY, see
    // timer_before) while that child fires before it.
    h->count--;
}
// [/heap_pop]

// Where the earliest timer is: in the heap (true) or at the head of the lane (false). One of
// them holds a timer.
static bool earliest_in_heap(const struct timer_heap *h)
{
    if (h->lane_count == 0)
        return true;
    return h->count > 0 && timer_before(h->entries[0], h->lane[h->lane_head]);
}

size_t timer_heap_size(const struct timer_heap *h)
{
    return h->count + h->lane_count;
}

bool timer_heap_pop(struct timer_heap *h, void (**fn)(void *arg), void **arg)
{
    if (timer_heap_size(h) == 0)
        return false;
    struct timer_entry top;
    if (earliest_in_heap(h)) {
        top = h->entries[0];
        heap_pop(h);
    } else {
        top = h->lane[h->lane_head++];
        if (--h->lane_count == 0)
            h->lane_head = 0;
    }
    *fn = h->slots[top.slot].fn;
    *arg = h->slots[top.slot].arg;
    slot_release(h, top.slot);
    return true;
}

bool timer_heap_peek(struct timer_heap *h, int64_t *deadline_ns)
{
    for (;;) {
        if (timer_heap_size(h) == 0)
            return false;
        struct timer_entry top = earliest_in_heap(h) ? h->entries[0] : h->lane[h->lane_head];
        if (h->slots[top.slot].fn != NULL) {
            *deadline_ns = top.deadline_ns;
            return true;
        }
        void (*fn)(void *);
        void *arg;
        timer_heap_pop(h, &fn, &arg); // a cancelled timer: drop it
    }
}
