// greenlet_stack: stacks from mmap, each with a PROT_NONE guard page below it.
#define _DEFAULT_SOURCE // MAP_ANONYMOUS
#include "greenlet_stack.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

// [stack_new]
int greenlet_stack_new(struct greenlet_stack *s, size_t size)
{
    // TODO(lab 07): map the guard page and the stack (size rounded up to whole pages)
    // in one mmap, make the lowest page PROT_NONE, and fill in *s. Return 0 or a
    // negative errno.
    (void)s, (void)size;
    return -ENOSYS;
}
// [/stack_new]

void greenlet_stack_free(struct greenlet_stack *s)
{
    if (s->guard != NULL)
        munmap(s->guard, (size_t)((char *)s->lo - (char *)s->guard) + s->size);
    s->guard = s->lo = NULL;
    s->size = 0;
}
