// greenlet_stack: stacks from mmap, each with a PROT_NONE guard page below it.
#define _DEFAULT_SOURCE // MAP_ANONYMOUS
#include "greenlet_stack.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

// [stack_new]
int greenlet_stack_new(struct greenlet_stack *s, size_t size)
{
    // TODO(lab 07): give *s a stack of at least size bytes, in whole pages, with one
    // inaccessible guard page right below it. Return 0 or a negative errno.
    // Chapter 7, "Stacks with a guard"; hints: #hints-stack-new.
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
