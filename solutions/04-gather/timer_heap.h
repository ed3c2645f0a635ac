// timer_heap: the loop's timers, in (deadline, seq) order: a 4-ary min-heap,
// plus a fast lane.
//
// The fast lane: timers mostly arrive in deadline order, with the same callback (a
// million tasks that sleep for the same time, the same timeout for every request). A
// timer that comes no earlier than the last one in the lane and has the lane's
// callback is appended to it - a FIFO, already sorted, O(1) and sequential in memory.
// A lane entry is only (deadline, arg), 16 bytes: the callback is stored once for the
// whole lane, and a handle names the timer by its position in the lane (counted from
// the first timer ever set), so no slot is needed. Cancelling marks the entry (its arg
// becomes a marker no caller can pass); it is dropped when it comes out.
//
// The heap takes the others. A heap entry is (deadline, seq, slot) - 16 bytes, so
// entries stay compact in the cache - plus a slot holding its callback. seq numbers
// the heap's timers in the order they were set, so two timers with the same deadline
// fire in that order. Cancelling is lazy: it clears the slot's callback, and the entry
// is dropped when it comes out. A handle names a slot and the seq of the timer in it,
// so a stale handle (its timer fired, the slot reused) is refused.
//
// The earliest timer is whichever of the lane's head and the heap's root comes first;
// on a tie, the lane's. That is right because a timer joins the lane only if its
// deadline is later than every deadline in the heap (heap_latest_ns): so of two timers
// with the same deadline, one in each, the one in the lane was set first.
#ifndef TIMER_HEAP_H
#define TIMER_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// [timer_types]
struct timer_entry {
    int64_t deadline_ns;
    uint32_t seq;  // compared as a serial number: (int32_t)(a - b) < 0
                   // means a was set first
    uint32_t slot; // index into the slots
};

struct timer_slot {
    void (*fn)(void *arg); // NULL: cancelled (or free)
    void *arg;             // when free: the next free slot's index, as a uintptr_t
};

struct timer_lane_entry {
    int64_t deadline_ns;
    void *arg; // the lane's callback's argument, or the "cancelled" marker
};

struct timer_heap {
    struct timer_entry *entries; // the heap: entries[0] is the earliest; children
                                 // of i at 4i+1..4i+4
    size_t count, cap;
    int64_t heap_latest_ns;      // while count > 0: no entry in the heap has
                                 // a later deadline
    struct timer_lane_entry *lane; // the fast lane:
                                   // lane[lane_head..lane_head+lane_count), sorted
    size_t lane_head, lane_count, lane_cap;
    void (*lane_fn)(void *arg); // the callback of every timer in the lane
    uint64_t lane_popped;       // timers that have left the lane: lane[lane_head] is
                                // timer number lane_popped
    struct timer_slot *slots;
    uint32_t *slot_seqs; // the seq of the timer in each slot
    size_t slot_cap, seq_cap; // of slots and of slot_seqs
    uint32_t slot_used;  // slots[0..slot_used) have been used, some are free again:
    uint32_t free_slot;           // those form a list through arg, from free_slot
                                  // (UINT32_MAX: none)
    uint32_t next_seq;
};
// [/timer_types]

void timer_heap_init(struct timer_heap *h);
void timer_heap_free(struct timer_heap *h);

// Adds a timer. Returns its handle (> 0), or -ENOMEM.
int64_t timer_heap_push(struct timer_heap *h, int64_t deadline_ns,
                        void (*fn)(void *arg), void *arg);

// Cancels the timer a handle names. Returns 0, or -ENOENT.
int timer_heap_cancel(struct timer_heap *h, int64_t handle);

// How many timers it holds, cancelled ones included.
size_t timer_heap_size(const struct timer_heap *h);

// Drops cancelled timers from the top; then, if there is a timer, stores its deadline
// in *deadline_ns and returns true.
bool timer_heap_peek(struct timer_heap *h, int64_t *deadline_ns);

// Removes the earliest timer, live or cancelled, and stores its callback in *fn and
// *arg (*fn = NULL for a cancelled one). Returns false when the heap is empty.
bool timer_heap_pop(struct timer_heap *h, void (**fn)(void *arg), void **arg);

#endif
