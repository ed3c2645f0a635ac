// greenlet_context: one saved execution context (registers and stack pointer), and the swap
// between two of them. The switch proper is a few instructions of assembly
// (greenlet_swap.S) on x86-64 and aarch64; elsewhere, or with -DGREENLET_UCONTEXT, it is
// ucontext's swapcontext, which also saves the signal mask with a system call per switch.
#ifndef GREENLET_CONTEXT_H
#define GREENLET_CONTEXT_H

#include <stddef.h>

#if !defined(GREENLET_UCONTEXT) && !defined(__x86_64__) && !defined(__aarch64__)
#define GREENLET_UCONTEXT 1
#endif

#ifdef GREENLET_UCONTEXT
#include <ucontext.h>
#endif

// [context]
struct greenlet_context {
#ifdef GREENLET_UCONTEXT
    ucontext_t uc;
#else
    void *sp; // where the swap pushed the registers of a suspended context
#endif
};

// The function a new context starts in; `passed` is what the first swap to it passed.
// It must never return: it ends by swapping away for good.
typedef void greenlet_entry_fn(void *passed);

// Prepares c to start in entry on the stack [lo, lo + size).
void greenlet_context_make(struct greenlet_context *c, void *lo, size_t size, greenlet_entry_fn *entry);

// Saves the running context in *from and resumes *to, which sees `pass` as the value its own
// swap returned (or, the first time, as its entry's argument). Returns when some context swaps
// back to *from, with what that swap passed.
void *greenlet_context_swap(struct greenlet_context *from, struct greenlet_context *to, void *pass);
// [/context]

#endif
