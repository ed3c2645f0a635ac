// greenlet_context: a new context's first stack frame, and the swap (see
// greenlet_context.h).
#include "greenlet_context.h"

#include <stdint.h>

#ifndef GREENLET_UCONTEXT
void *greenlet_swap(void **save_sp, void *load_sp, void *pass);
void greenlet_trampoline(void);

// [make]
// What greenlet_swap pops, lowest address first (greenlet_swap.S pushes it in
// reverse).
#if defined(__x86_64__)
struct first_frame {
    uint32_t mxcsr;
    uint16_t x87_cw, pad;
    void *r15, *r14, *r13, *r12, *rbx, *rbp;
    void (*ret)(void); // where greenlet_swap's `ret` goes: the trampoline
    void *align;       // so the trampoline's call sees a 16-byte aligned stack
};
#elif defined(__aarch64__)
struct first_frame {
    void *x19_to_x28[10];
    void *x29, *x30; // frame pointer and return address: the trampoline
    double d8_to_d15[8];
    uint64_t fpcr, pad;
};
#endif

void greenlet_context_make(struct greenlet_context *c, void *lo, size_t size,
                           greenlet_entry_fn *entry)
{
    uintptr_t top = ((uintptr_t)lo + size) & ~(uintptr_t)15;
#if defined(__x86_64__)
    // After `ret` pops f->ret, rsp must be a multiple of 16, as at any call.
    struct first_frame *f = (struct first_frame *)(top - 8 - sizeof *f);
#else
    // sp stays a multiple of 16.
    struct first_frame *f = (struct first_frame *)(top - sizeof *f);
#endif
    *f = (struct first_frame){0};
    // A function pointer stored in a data slot.
    union { greenlet_entry_fn *fn; void *p; } as = {.fn = entry};
#if defined(__x86_64__)
    // The ABI's initial state: round to nearest, every exception masked.
    f->mxcsr = 0x1F80;
    f->x87_cw = 0x037F; // the same for x87, with 64-bit precision
    f->r12 = as.p;
    f->ret = greenlet_trampoline;
#elif defined(__aarch64__)
    f->x19_to_x28[0] = as.p;
    union { void (*fn)(void); void *p; } tramp = {.fn = greenlet_trampoline};
    f->x30 = tramp.p;
#endif
    c->sp = f;
}
// [/make]

void *greenlet_context_swap(struct greenlet_context *from, struct greenlet_context *to, void *pass)
{
    return greenlet_swap(&from->sp, to->sp, pass);
}
#else
// The portable fallback. makecontext passes only ints, so the value crosses in a
// variable.
static _Thread_local void *in_flight;
static _Thread_local greenlet_entry_fn *starting;

static void ucontext_entry(void)
{
    starting(in_flight);
}

void greenlet_context_make(struct greenlet_context *c, void *lo, size_t size, greenlet_entry_fn *entry)
{
    getcontext(&c->uc);
    c->uc.uc_stack.ss_sp = lo;
    c->uc.uc_stack.ss_size = size;
    c->uc.uc_link = NULL;
    starting = entry; // one entry function for all greenlets: greenlet.c's
    makecontext(&c->uc, ucontext_entry, 0);
}

void *greenlet_context_swap(struct greenlet_context *from, struct greenlet_context *to, void *pass)
{
    in_flight = pass;
    swapcontext(&from->uc, &to->uc);
    return in_flight;
}
#endif
