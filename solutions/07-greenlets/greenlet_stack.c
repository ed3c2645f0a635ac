// greenlet_stack: stacks from mmap, each with a PROT_NONE guard page below it.
#define _DEFAULT_SOURCE // MAP_ANONYMOUS
#include "greenlet_stack.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

// [stack_new]
int greenlet_stack_new(struct greenlet_stack *s, size_t size)
{
    /* BEGIN SOLUTION */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size = (size + page - 1) / page * page;
    // One mapping for guard and stack; the kernel hands out pages only as they are
    // touched, so a 256 KiB stack costs one or two pages of memory until it grows.
    void *base = mmap(NULL, page + size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return -errno;
    // The lowest page becomes the guard: a push into it faults instead of writing over
    // whatever lies below.
    if (mprotect(base, page, PROT_NONE) != 0) {
        int error = errno;
        munmap(base, page + size);
        return -error;
    }
    s->guard = base;
    s->lo = (char *)base + page;
    s->size = size;
    return 0;
    /* BEGIN STUB
    // TODO(lab 07): give *s a stack of at least size bytes, in whole pages, with one
    // inaccessible guard page right below it. Return 0 or a negative errno.
    // Chapter 7, "Stacks with a guard"; hints: #hints-stack-new.
    (void)s, (void)size;
    return -ENOSYS;
    END STUB */
}
// [/stack_new]

void greenlet_stack_free(struct greenlet_stack *s)
{
    if (s->guard != NULL)
        munmap(s->guard, (size_t)((char *)s->lo - (char *)s->guard) + s->size);
    s->guard = s->lo = NULL;
    s->size = 0;
}
