// The optional last part of lab 04: compiled only with -DLAB04_FAST (lab04_fast.h).
#include "lab04_fast.h"
#ifdef LAB04_FAST_TIMERS
#include "timer_heap.h"

#include <errno.h>
#include <stdlib.h>

// The arrays' memory: lab 02's grow_array; with LAB04_BULK_MEMORY too, bulk_memory.h's
// twin of it, which maps a large array in huge pages.
#ifdef LAB04_BULK_MEMORY
#include "bulk_memory.h"
#define TIMERS_GROW BULK_GROW_ARRAY
#define timers_array_free bulk_array_free
#else
#include "grow_array.h"
#define TIMERS_GROW GROW_ARRAY
#define timers_array_free(p, size) free(p)
#endif

// Children per node in the heap. Four children of 16 bytes fill a 64-byte cache line,
// and the tree is half as deep as a binary one: fewer cache misses per pop.
enum { ARITY = 4 };

// A handle is positive (a negative return is an error), so bit 63 stays clear, and
// bit 62 says where its timer is. Set: in the lane, and the other bits are the timer's
// position (lane_popped counts from 0, never wraps in practice). Clear: in the heap,
// and the handle is seq (30 bits of it) in the high half, slot + 1 in the low half
// (never 0).
#define LANE_HANDLE (UINT64_C(1) << 62)
#define SEQ_BITS UINT32_C(0x3fffffff)

// The arg of a cancelled lane entry: the address of this object, which no caller has.
static char lane_cancelled;
#define CANCELLED ((void *)&lane_cancelled)

void timer_heap_init(struct timer_heap *h)
{
    *h = (struct timer_heap){.free_slot = UINT32_MAX};
}

void timer_heap_free(struct timer_heap *h)
{
    timers_array_free(h->entries, h->cap * sizeof *h->entries);
    timers_array_free(h->lane, h->lane_cap * sizeof *h->lane);
    timers_array_free(h->slots, h->slot_cap * sizeof *h->slots);
    timers_array_free(h->slot_seqs, h->seq_cap * sizeof *h->slot_seqs);
    timer_heap_init(h);
}

// [timer_before]
// Whether entry a fires before entry b: the earlier deadline, then the one set first.
static bool timer_before(struct timer_entry a, struct timer_entry b)
{
    if (a.deadline_ns != b.deadline_ns)
        return a.deadline_ns < b.deadline_ns;
    // seq wraps after 2^32 timers; the difference read as signed still orders any
    // two timers set less than 2^31 apart.
    return (int32_t)(a.seq - b.seq) < 0;
}
// [/timer_before]

// Takes a free slot, growing the slot arrays when there is none. Returns its index, or
// UINT32_MAX when out of memory.
static uint32_t slot_take(struct timer_heap *h)
{
    if (h->free_slot != UINT32_MAX) {
        uint32_t slot = h->free_slot;
        h->free_slot = (uint32_t)(uintptr_t)h->slots[slot].arg;
        return slot;
    }
    // No slot to reuse: use a new one (grown arrays are left untouched until used, so
    // they do not count in the resident memory).
    if (h->slot_used == UINT32_MAX - 1)
        return UINT32_MAX;
    size_t need = (size_t)h->slot_used + 1;
    struct timer_slot *slots = TIMERS_GROW(h->slots, h->slot_cap, need, 64);
    if (slots == NULL)
        return UINT32_MAX;
    h->slots = slots;
    uint32_t *seqs = TIMERS_GROW(h->slot_seqs, h->seq_cap, need, 64);
    if (seqs == NULL)
        return UINT32_MAX;
    h->slot_seqs = seqs;
    return h->slot_used++;
}

static void slot_release(struct timer_heap *h, uint32_t slot)
{
    h->slots[slot] =
        (struct timer_slot){.fn = NULL, .arg = (void *)(uintptr_t)h->free_slot};
    h->free_slot = slot;
}

// [heap_push]
// Adds entry to the heap (there is room for it).
static void heap_push(struct timer_heap *h, struct timer_entry entry)
{
    // Sift up: move parents down until the new entry's parent fires before it.
    size_t i = h->count++;
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;
        if (!timer_before(entry, h->entries[parent]))
            break;
        h->entries[i] = h->entries[parent];
        i = parent;
    }
    h->entries[i] = entry;
}
// [/heap_push]

// Grows the heap's array to hold one more entry. Returns 0, or -ENOMEM.
static int heap_reserve(struct timer_heap *h)
{
    struct timer_entry *grown = TIMERS_GROW(h->entries, h->cap, h->count + 1, 64);
    if (grown == NULL)
        return -ENOMEM;
    h->entries = grown;
    return 0;
}

// Whether a timer may join the lane: its deadline is later than everything in the
// heap (so a tie with the heap is always won by the lane's older timer), and the
// lane is empty, or it has the lane's callback and comes no earlier than the
// lane's last timer.
static bool lane_accepts(const struct timer_heap *h, int64_t deadline_ns,
                         void (*fn)(void *arg))
{
    if (h->count > 0 && deadline_ns <= h->heap_latest_ns)
        return false;
    if (h->lane_count == 0)
        return true;
    return fn == h->lane_fn &&
           deadline_ns >= h->lane[h->lane_head + h->lane_count - 1].deadline_ns;
}

// Appends a timer to the lane (lane_accepts said yes). Returns 0, or
// -ENOMEM.
static int lane_append(struct timer_heap *h, int64_t deadline_ns,
                       void (*fn)(void *arg), void *arg)
{
    if (h->lane_head + h->lane_count == h->lane_cap && h->lane_head > 0 &&
        h->lane_head >= h->lane_cap / 2) {
        // More than half the array is spent: slide the lane back to the front.
        for (size_t i = 0; i < h->lane_count; i++)
            h->lane[i] = h->lane[h->lane_head + i];
        h->lane_head = 0;
    }
    struct timer_lane_entry *grown =
        TIMERS_GROW(h->lane, h->lane_cap, h->lane_head + h->lane_count + 1, 64);
    if (grown == NULL)
        return -ENOMEM;
    h->lane = grown;
    h->lane_fn = fn;
    h->lane[h->lane_head + h->lane_count++] =
        (struct timer_lane_entry){.deadline_ns = deadline_ns, .arg = arg};
    return 0;
}

int64_t timer_heap_push(struct timer_heap *h, int64_t deadline_ns,
                        void (*fn)(void *arg), void *arg)
{
    if (lane_accepts(h, deadline_ns, fn)) {
        if (lane_append(h, deadline_ns, fn, arg) < 0)
            return -ENOMEM;
        return (int64_t)(LANE_HANDLE | (h->lane_popped + h->lane_count - 1));
    }
    uint32_t slot = slot_take(h);
    if (slot == UINT32_MAX)
        return -ENOMEM;
    if (heap_reserve(h) < 0) {
        slot_release(h, slot);
        return -ENOMEM;
    }
    uint32_t seq = h->next_seq++;
    if (h->count == 0 || deadline_ns > h->heap_latest_ns)
        h->heap_latest_ns = deadline_ns;
    heap_push(
        h, (struct timer_entry){.deadline_ns = deadline_ns, .seq = seq, .slot = slot});
    h->slots[slot] = (struct timer_slot){.fn = fn, .arg = arg};
    h->slot_seqs[slot] = seq;
    return (int64_t)((uint64_t)(seq & SEQ_BITS) << 32 | ((uint64_t)slot + 1));
}

// Cancels the lane's timer number position.
static int lane_cancel(struct timer_heap *h, uint64_t position)
{
    // Before lane_popped: it has fired (or was dropped); past the tail: never set.
    if (position < h->lane_popped || position - h->lane_popped >= h->lane_count)
        return -ENOENT;
    struct timer_lane_entry *entry =
        &h->lane[h->lane_head + (position - h->lane_popped)];
    if (entry->arg == CANCELLED)
        return -ENOENT;
    entry->arg = CANCELLED; // it stays in the lane until it comes out,
                            // like a heap entry
    return 0;
}

int timer_heap_cancel(struct timer_heap *h, int64_t signed_handle)
{
    if (signed_handle <= 0)
        return -ENOENT;
    uint64_t handle = (uint64_t)signed_handle;
    if (handle & LANE_HANDLE)
        return lane_cancel(h, handle & ~LANE_HANDLE);
    uint64_t low = handle & UINT32_MAX;
    uint32_t seq = (uint32_t)(handle >> 32);
    if (low == 0 || low > h->slot_used)
        return -ENOENT;
    uint32_t slot = (uint32_t)(low - 1);
    // A free slot has no fn; a reused one has another seq.
    if (h->slots[slot].fn == NULL || (h->slot_seqs[slot] & SEQ_BITS) != seq)
        return -ENOENT;
    // The entry stays in the heap (finding it would cost a search); the slot stays
    // taken until the entry is popped, so the handle stays unambiguous.
    h->slots[slot].fn = NULL;
    h->slots[slot].arg = NULL;
    return 0;
}

// [heap_pop]
// Removes the heap's root (the heap is not empty).
static void heap_pop(struct timer_heap *h)
{
    // The last entry must fill the root's place. It is among the latest timers, so it
    // would sink almost to the bottom anyway: first walk the hole down to a leaf along
    // the earliest child (ARITY - 1 comparisons per level), then let the last entry
    // rise from there.
    struct timer_entry last = h->entries[--h->count];
    size_t n = h->count, i = 0;
    if (n == 0)
        return;
    for (size_t first = 1; first < n; first = ARITY * i + 1) {
        size_t best = first, end = first + ARITY < n ? first + ARITY : n;
        for (size_t c = first + 1; c < end; c++)
            if (timer_before(h->entries[c], h->entries[best]))
                best = c;
        h->entries[i] = h->entries[best];
        i = best;
    }
    while (i > 0 && timer_before(last, h->entries[(i - 1) / ARITY])) {
        h->entries[i] = h->entries[(i - 1) / ARITY];
        i = (i - 1) / ARITY;
    }
    h->entries[i] = last;
}
// [/heap_pop]

// Where the earliest timer is: in the heap (true) or at the head of the lane
// (false). One of them holds a timer. On a tie the lane's comes first: it was set
// first (see timer_heap.h).
static bool earliest_in_heap(const struct timer_heap *h)
{
    if (h->lane_count == 0)
        return true;
    return h->count > 0 &&
           h->entries[0].deadline_ns < h->lane[h->lane_head].deadline_ns;
}

size_t timer_heap_size(const struct timer_heap *h)
{
    return h->count + h->lane_count;
}

bool timer_heap_pop(struct timer_heap *h, void (**fn)(void *arg), void **arg)
{
    if (timer_heap_size(h) == 0)
        return false;
    if (earliest_in_heap(h)) {
        struct timer_entry top = h->entries[0];
        heap_pop(h);
        *fn = h->slots[top.slot].fn;
        *arg = h->slots[top.slot].arg;
        slot_release(h, top.slot);
        return true;
    }
    struct timer_lane_entry top = h->lane[h->lane_head++];
    h->lane_popped++;
    if (--h->lane_count == 0)
        h->lane_head = 0;
    bool cancelled = top.arg == CANCELLED;
    *fn = cancelled ? NULL : h->lane_fn;
    *arg = cancelled ? NULL : top.arg;
    return true;
}

bool timer_heap_peek(struct timer_heap *h, int64_t *deadline_ns)
{
    for (;;) {
        if (timer_heap_size(h) == 0)
            return false;
        bool live;
        if (earliest_in_heap(h)) {
            live = h->slots[h->entries[0].slot].fn != NULL;
            *deadline_ns = h->entries[0].deadline_ns;
        } else {
            live = h->lane[h->lane_head].arg != CANCELLED;
            *deadline_ns = h->lane[h->lane_head].deadline_ns;
        }
        if (live)
            return true;
        void (*fn)(void *);
        void *arg;
        timer_heap_pop(h, &fn, &arg); // a cancelled timer: drop it
    }
}

#endif // LAB04_FAST_TIMERS
