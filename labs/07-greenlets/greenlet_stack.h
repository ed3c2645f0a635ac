// greenlet_stack: a greenlet's stack, one mmap region each, with a guard page below it, and
// the SIGSEGV handler that turns running into the guard into a clear message.
#ifndef GREENLET_STACK_H
#define GREENLET_STACK_H

#include <stddef.h>

// [stack]
// [guard, guard + page) is PROT_NONE; [lo, lo + size) is the usable stack. The stack grows
// down, towards the guard.
struct greenlet_stack {
    void *guard;
    void *lo;
    size_t size;
};

// Maps a stack of at least size bytes (rounded up to whole pages) plus its guard page.
// 0, or a negative errno.
int greenlet_stack_new(struct greenlet_stack *s, size_t size);
void greenlet_stack_free(struct greenlet_stack *s);

// Installs, once per thread, the SIGSEGV handler (on an alternate signal stack of its own,
// unmapped when the thread ends) that reports a fault in the running greenlet's guard
// page - "greenlet NAME overflowed its stack of SIZE bytes" - and ends the process
// (greenlet_overflow.c). 0, or a negative errno.
int greenlet_overflow_watch(void);
// [/stack]

// [pool]
// A pool carves many stacks out of one mapping, so that 10^5 greenlets cost 10^5
// touched pages, not 2 * 10^5 mappings: each guard page splits a mapping in two, and
// the kernel allows vm.max_map_count (65 530) of them per process. The price: a pooled
// stack has no guard page of its own (only the lowest slot has one, the pool's), so an
// overflow writes into the stack below it. Pool greenlets whose stack use you know.
struct greenlet_pool {
    char *base;       // the mapping: a guard page, then `count` slots of `slot_size`
    size_t page;
    size_t slot_size; // whole pages
    size_t count;
    size_t used;      // slots [0, used) have been handed out at least once
    void *released;   // the lo of a slot given back, or NULL; its top word links on
};

// Maps a pool of count stacks of at least slot_size bytes each (in whole pages).
// Nothing is touched: a stack costs memory only once a greenlet runs on it. 0, or a
// negative errno.
int greenlet_pool_init(struct greenlet_pool *p, size_t count, size_t slot_size);
// Unmaps the pool; every stack taken from it must be unused by then.
void greenlet_pool_close(struct greenlet_pool *p);
// Hands out a slot as *s (s->guard NULL): a slot given back if there is one, else one
// never used yet; -ENOMEM when all count slots are taken. 0, or a negative errno.
int greenlet_pool_take(struct greenlet_pool *p, struct greenlet_stack *s);
// Gives a stack taken from p back, to be handed out again.
void greenlet_pool_give(struct greenlet_pool *p, struct greenlet_stack *s);
// [/pool]

// [cache]
// A thread's cache of guarded stacks given back: greenlet_new takes a stack of the
// size it wants from here before it maps one, and greenlet_free keeps up to
// GREENLET_STACK_CACHE stacks here instead of unmapping them. A thousand short-lived
// greenlets then cost no mmap, mprotect or munmap each, nor the page faults of fresh
// pages; the price is the memory the cached stacks keep (the pages they touched) until
// the thread ends, when they are unmapped (greenlet_stack_cache.c).
enum { GREENLET_STACK_CACHE = 1024 };
int greenlet_stack_take(struct greenlet_stack *s, size_t size);
void greenlet_stack_release(struct greenlet_stack *s);
// [/cache]

#endif
