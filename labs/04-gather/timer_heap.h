// timer_heap: the loop's timers, in (deadline, seq) order: a 4-ary min-heap, plus a fast lane.
//
// A timer is an entry (deadline, seq, slot) - 16 bytes, so entries stay compact in the cache -
// plus a slot holding its callback. seq numbers the timers in the order they were set, so two
// timers with the same deadline fire in that order. Cancelling is lazy: it clears the slot's
// callback, and the entry is dropped when it comes out. A handle names a slot and the seq of the
// timer in it, so a stale handle (its timer fired, the slot reused) is refused.
//
// The fast lane: timers mostly arrive in deadline order (a thousand sleeps of the same length,
// the same timeout for every request). A timer that comes no earlier than the last one in the
// lane is appended to it - a FIFO, already sorted, O(1) and sequential in memory - and only the
// others go to the heap. The earliest timer is whichever of the lane's head and the heap's root
// comes first.
#ifndef TIMER_HEAP_H
#define TIMER_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// [timer_types]
struct timer_entry {
    int64_t deadline_ns;
    uint32_t seq;  // compared as a serial number: (int32_t)(a - b) < 0 means a was set first
    uint32_t slot; // index into the slots
};

struct timer_slot {
    void (*fn)(void *arg); // NULL: cancelled (or free)
    void *arg;             // when free: the next free slot's index, as a uintptr_t
};

struct timer_heap {
    struct timer_entry *entries; // the heap: entries[0] is the earliest; children of i at 4i+1..4i+4
    size_t count, cap;
    struct timer_entry *lane; // the fast lane: lane[lane_head..lane_head+lane_count), sorted
    size_t lane_head, lane_count, lane_cap;
    struct timer_slot *slots;
    uint32_t *slot_seqs; // the seq of the timer in each slot
    uint32_t slot_cap, free_slot; // free slots form a list through arg; free_slot == slot_cap: none
    uint32_t next_seq;
};
// [/timer_types]

void timer_heap_init(struct timer_heap *h);
void timer_heap_free(struct timer_heap *h);

// Adds a timer. Returns its handle (never 0), or 0 with errno = ENOMEM.
uint64_t timer_heap_push(struct timer_heap *h, int64_t deadline_ns, void (*fn)(void *arg), void *arg);

// Cancels the timer a handle names. Returns 0, or -1 with errno = ENOENT.
int timer_heap_cancel(struct timer_heap *h, uint64_t handle);

// How many timers it holds, cancelled ones included.
size_t timer_heap_size(const struct timer_heap *h);

// Drops cancelled timers from the top; then, if there is a timer, stores its deadline in
// *deadline_ns and returns true.
bool timer_heap_peek(struct timer_heap *h, int64_t *deadline_ns);

// Removes the earliest timer, live or cancelled, and stores its callback in *fn and *arg
// (*fn = NULL for a cancelled one). Returns false when the heap is empty.
bool timer_heap_pop(struct timer_heap *h, void (**fn)(void *arg), void **arg);

#endif
