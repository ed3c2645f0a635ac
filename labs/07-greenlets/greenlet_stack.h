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

// Installs, once per thread, the SIGSEGV handler (on an alternate signal stack of its own)
// that reports a fault in the running greenlet's guard page - "greenlet NAME overflowed its
// stack of SIZE bytes" - and ends the process (greenlet_overflow.c). 0, or a negative errno.
int greenlet_overflow_watch(void);
// [/stack]

#endif
