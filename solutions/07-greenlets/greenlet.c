// greenlet: switching between stackful coroutines (see greenlet.h).
#include "greenlet.h"

#include <errno.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define GREENLET_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GREENLET_ASAN 1
#endif
#endif
#ifdef GREENLET_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

// What travels with a switch: a value, or the error a greenlet raised as it died.
struct delivery {
    int error;
    void *value;
};

static _Thread_local struct greenlet main_greenlet = {.name = "main", .state = GREENLET_RUNNING};
static _Thread_local struct greenlet *current;

#ifdef GREENLET_ASAN
static _Thread_local struct greenlet *previous; // the one that switched last: ASan's bounds

// Tells ASan the switch is over. The main greenlet has no mmap'd stack: its bounds are
// learnt from the first switch away from it.
static void asan_arrived(void *fake_stack)
{
    const void *lo;
    size_t size;
    __sanitizer_finish_switch_fiber(fake_stack, &lo, &size);
    if (previous == &main_greenlet && main_greenlet.stack.lo == NULL) {
        main_greenlet.stack.lo = (void *)lo;
        main_greenlet.stack.size = size;
    }
}
#endif

struct greenlet *greenlet_current(void)
{
    return current != NULL ? current : &main_greenlet;
}

// A greenlet on a stack of its own mapping (pool NULL) or on one of pool's.
static struct greenlet *make(const char *name, greenlet_fn *fn, struct greenlet *parent,
                             size_t stack_size, struct greenlet_pool *pool)
{
    int error = greenlet_overflow_watch();
    struct greenlet *g = error == 0 ? calloc(1, sizeof *g) : NULL;
    if (g != NULL)
        error = pool != NULL ? greenlet_pool_take(pool, &g->stack)
                             : greenlet_stack_take(&g->stack, stack_size);
    if (g == NULL || error != 0) {
        free(g);
        errno = error != 0 ? -error : ENOMEM;
        return NULL;
    }
    g->pool = pool;
    g->name = name;
    g->fn = fn;
    g->parent = parent != NULL ? parent : greenlet_current();
    g->state = GREENLET_NEW;
    return g;
}

struct greenlet *greenlet_new_named(const char *name, greenlet_fn *fn,
                                    struct greenlet *parent, size_t stack_size)
{
    return make(name, fn, parent, stack_size, NULL);
}

struct greenlet *greenlet_new_pooled(const char *name, greenlet_fn *fn,
                                     struct greenlet *parent, struct greenlet_pool *pool)
{
    if (pool == NULL) {
        errno = EINVAL;
        return NULL;
    }
    return make(name, fn, parent, 0, pool);
}

struct greenlet *greenlet_new(greenlet_fn *fn, struct greenlet *parent)
{
    return greenlet_new_named("greenlet", fn, parent, GREENLET_STACK_DEFAULT);
}

void greenlet_free(struct greenlet *g)
{
    if (g == NULL || g == &main_greenlet || g == greenlet_current())
        return;
#ifdef GREENLET_ASAN
    // The frames of a greenlet freed while suspended stay poisoned in ASan's shadow; the
    // next greenlet on this stack (pooled or cached) must not trip over them.
    __asan_unpoison_memory_region(g->stack.lo, g->stack.size);
#endif
    if (g->pool != NULL)
        greenlet_pool_give(g->pool, &g->stack);
    else
        greenlet_stack_release(&g->stack);
    free(g);
}

// [swap_to]
// Leaves the current greenlet for `to`, telling AddressSanitizer (under SAN=1) which
// stack the program is about to run on; returns what the switch back delivers. A dying
// greenlet passes dying = true: its stack will never be resumed, and ASan may forget
// it.
static struct delivery *swap_to(struct greenlet *to, struct delivery *d, bool dying)
{
    struct greenlet *from = greenlet_current();
    from->state = dying ? GREENLET_DEAD : GREENLET_SUSPENDED;
    to->state = GREENLET_RUNNING;
    current = to;
#ifdef GREENLET_ASAN
    previous = from;
    void **fake_stack = dying ? NULL : &from->asan_fake_stack;
    __sanitizer_start_switch_fiber(fake_stack, to->stack.lo, to->stack.size);
#endif
    struct delivery *back = greenlet_context_swap(&from->context, &to->context, d);
#ifdef GREENLET_ASAN
    asan_arrived(from->asan_fake_stack); // back in `from`
#endif
    return back;
}
// [/swap_to]

// Where every greenlet starts, on its own stack. The first delivery is its argument.
static void run(void *passed)
{
#ifdef GREENLET_ASAN
    asan_arrived(NULL);
#endif
    struct greenlet *self = greenlet_current();
    /* BEGIN SOLUTION */
    struct delivery *first = passed;
    struct delivery result = {0, NULL};
    result.error = self->fn(first->value, &result.value);
    if (result.error > 0) // a positive errno is a mistake; it is still an error
        result.error = -result.error;
    // The result goes to the first ancestor still alive (Python's greenlet does the
    // same).
    struct greenlet *parent = self->parent;
    while (parent->state == GREENLET_DEAD)
        parent = parent->parent;
    swap_to(parent, &result, true);
    /* BEGIN STUB
    // TODO(lab 07): run self->fn on the first switch's value, then hand its result or
    // error to the nearest ancestor still alive; this function never returns.
    // Chapter 7, "Greenlets on top of the switch"; hints: #hints-greenlet-run.
    (void)passed, (void)self;
    END STUB */
    abort(); // nobody ever switches back to a dead greenlet
}

// [switch]
int greenlet_switch(struct greenlet *g, void *value, void **back)
{
    /* BEGIN SOLUTION */
    if (g == NULL)
        return -EINVAL;
    if (g->state == GREENLET_DEAD)
        return -ESRCH;
    struct delivery d = {0, value}, *got = &d;
    if (g != greenlet_current()) { // switching to oneself just hands the value back
        if (g->state == GREENLET_NEW)
            greenlet_context_make(&g->context, g->stack.lo, g->stack.size, run);
        got = swap_to(g, &d, false);
    }
    // Copy at once: the delivery lives on the stack of whoever switched to us.
    if (got->error != 0)
        return got->error;
    if (back != NULL)
        *back = got->value;
    return 0;
    /* BEGIN STUB
    // TODO(lab 07): hand value to g and run it; return what the switch back delivers
    // (0 with *back set, or its negative errno). NULL g: -EINVAL; dead g: -ESRCH.
    // Chapter 7, "Greenlets on top of the switch"; hints: #hints-greenlet-switch.
    (void)g, (void)value, (void)back, (void)swap_to, (void)run;
    return -ENOSYS;
    END STUB */
}
// [/switch]
