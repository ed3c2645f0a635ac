// greenlet_pool: many stacks carved out of one mapping, handed out and given back (see
// greenlet_stack.h).
#define _DEFAULT_SOURCE // MAP_ANONYMOUS, MAP_NORESERVE
#include "greenlet_stack.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

int greenlet_pool_init(struct greenlet_pool *p, size_t count, size_t slot_size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    slot_size = (slot_size + page - 1) / page * page;
    if (count == 0 || slot_size == 0 || count > (SIZE_MAX - page) / slot_size)
        return -EINVAL;
    // MAP_NORESERVE: 10^5 stacks of 64 KiB are 6.5 GB of address space, of which only the
    // pages greenlets touch will ever exist.
    void *base = mmap(NULL, page + count * slot_size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED)
        return -errno;
    if (mprotect(base, page, PROT_NONE) != 0) {
        int error = errno;
        munmap(base, page + count * slot_size);
        return -error;
    }
    *p = (struct greenlet_pool){.base = base, .page = page, .slot_size = slot_size, .count = count};
    return 0;
}

void greenlet_pool_close(struct greenlet_pool *p)
{
    if (p->base != NULL)
        munmap(p->base, p->page + p->count * p->slot_size);
    *p = (struct greenlet_pool){0};
}

// The word at the top of a released slot: where the list of released slots goes on. The
// top page is the one a greenlet touched first, so keeping the link there costs no page.
static void **link_of(const struct greenlet_pool *p, void *lo)
{
    return (void **)((char *)lo + p->slot_size - sizeof(void *));
}

// [pool_take]
int greenlet_pool_take(struct greenlet_pool *p, struct greenlet_stack *s)
{
    /* BEGIN SOLUTION */
    char *lo;
    if (p->released != NULL) { // reuse first: its top page is already in memory
        lo = p->released;
        p->released = *link_of(p, lo);
    } else if (p->used < p->count) {
        lo = p->base + p->page + p->used++ * p->slot_size;
    } else {
        return -ENOMEM;
    }
    s->guard = NULL; // the pool's one guard page is below slot 0 only
    s->lo = lo;
    s->size = p->slot_size;
    return 0;
    /* BEGIN STUB
    // TODO(lab 07): hand out a slot of the pool as *s, a given-back one before a fresh
    // one; slots never overlap, and a full pool says -ENOMEM. 0 or a negative errno.
    // Chapter 7, "A pool of stacks"; hints: #hints-pool-take.
    (void)p, (void)s, (void)link_of;
    return -ENOSYS;
    END STUB */
}
// [/pool_take]

void greenlet_pool_give(struct greenlet_pool *p, struct greenlet_stack *s)
{
    if (s->lo == NULL)
        return;
    *link_of(p, s->lo) = p->released;
    p->released = s->lo;
    s->guard = s->lo = NULL;
    s->size = 0;
}
