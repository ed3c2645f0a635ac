// The optional last part of lab 04: compiled only with -DLAB04_FAST (lab04_fast.h).
#define _DEFAULT_SOURCE // MAP_ANONYMOUS, madvise, MADV_HUGEPAGE
#include "lab04_fast.h"
#ifdef LAB04_BULK_MEMORY
#include "bulk_memory.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "grow_array.h"

#if defined(__SANITIZE_ADDRESS__)
#define BULK_IS_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BULK_IS_MALLOC 1
#endif
#endif

enum {
    HUGE_PAGE = 2 * 1024 * 1024, // a block of tasks; an array this large gets a mapping
    STEP = 16,                   // every task's chunk is a multiple of 16 bytes
    CLASSES = 64,                // free lists for chunks of up to 1 KiB; larger: malloc
};

// Memory of its own, advised to huge pages; NULL when out of memory. len is a multiple
// of HUGE_PAGE, which Linux aligns to a huge page (a 2 MiB mapping can be one).
static void *map_huge(size_t len)
{
    void *p =
        mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, len, MADV_HUGEPAGE); // a wish: without huge pages, small ones
#endif
    return p;
}

// ---- tasks -------------------------------------------------------------------------

#ifdef BULK_IS_MALLOC
void *bulk_task_alloc(size_t size)
{
    return malloc(size);
}

void bulk_task_free(void *p)
{
    free(p);
}
#else
// A chunk is what malloc would make of a request: the object, 16-aligned, with the
// chunk's size in the 8 bytes before it (0: the object came from malloc).
struct task_pool {
    void *free[CLASSES + 1]; // free[c]: freed objects of chunk size c * STEP, each
                             // holding the next one in its first bytes
    char *next, *end;        // the current block's unused part
};

static _Thread_local struct task_pool pool;

static size_t *chunk_size(void *p)
{
    return (size_t *)p - 1;
}

void *bulk_task_alloc(size_t size)
{
    size_t chunk = (size + sizeof(size_t) + STEP - 1) / STEP * STEP;
    if (chunk > CLASSES * STEP) { // rare: a task with a large frame
        char *p = malloc(size + STEP);
        if (p == NULL)
            return NULL;
        *chunk_size(p + STEP) = 0;
        return p + STEP;
    }
    void **head = &pool.free[chunk / STEP];
    if (*head != NULL) {
        void *p = *head;
        *head = *(void **)p;
        return p;
    }
    if (pool.next == NULL || (size_t)(pool.end - pool.next) < chunk) {
        char *block = map_huge(HUGE_PAGE);
        if (block == NULL)
            return NULL;
        pool.next = block + STEP; // the first object; its size is at block + 8
        pool.end = block + HUGE_PAGE;
    }
    char *p = pool.next;
    pool.next += chunk;
    *chunk_size(p) = chunk;
    return p;
}

void bulk_task_free(void *p)
{
    if (p == NULL)
        return;
    size_t chunk = *chunk_size(p);
    if (chunk == 0) {
        free((char *)p - STEP);
        return;
    }
    *(void **)p = pool.free[chunk / STEP];
    pool.free[chunk / STEP] = p;
}
#endif

// ---- arrays ------------------------------------------------------------------------

static bool mapped(size_t size)
{
#ifdef BULK_IS_MALLOC
    (void)size;
    return false;
#else
    return size >= HUGE_PAGE;
#endif
}

static size_t mapping_length(size_t size)
{
    return (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
}

void *bulk_array_alloc(size_t size)
{
    return mapped(size) ? map_huge(mapping_length(size)) : malloc(size);
}

void bulk_array_free(void *p, size_t size)
{
    if (p != NULL && mapped(size))
        munmap(p, mapping_length(size));
    else
        free(p);
}

void *bulk_grow_array(void *items, size_t item_size, size_t *cap, size_t need,
                      size_t first_cap)
{
    if (need <= *cap)
        return items;
    size_t new_cap = grow_capacity(*cap, need, item_size, first_cap);
    if (new_cap == 0)
        return NULL;
    size_t old_size = *cap * item_size, size = new_cap * item_size;
    void *grown;
    if (!mapped(size)) {
        grown = realloc(items, size);
    } else {
        // A new mapping, and a copy: the doublings before it copied less than this one.
        grown = map_huge(mapping_length(size));
        if (grown == NULL)
            return NULL;
        if (old_size > 0)
            memcpy(grown, items, old_size);
        bulk_array_free(items, old_size);
    }
    if (grown != NULL)
        *cap = new_cap;
    return grown;
}

#endif // LAB04_BULK_MEMORY
