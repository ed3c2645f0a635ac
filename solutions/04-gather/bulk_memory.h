// bulk_memory: the optional part's memory (lab04_fast.h, LAB04_BULK_MEMORY): tasks
// and large arrays in huge pages.
//
// A million tasks touch about 150 MB of fresh memory: 112 MB of tasks, the ready ring,
// the timers' lane and the gather's array. The kernel maps fresh memory one 4 KiB page
// at a time, when it is first written, and each of those 37 000 page faults is a trap
// into the kernel (on a virtual machine, a trap into the hypervisor too): several
// microseconds each. Memory advised with MADV_HUGEPAGE is mapped 2 MiB at a time
// instead, 512 times fewer faults, where the kernel has huge pages to give.
//
// Tasks come from 2 MiB blocks, carved as malloc carves its heap (an 8-byte size before
// each object, 16-byte steps), so a task costs the same bytes as from malloc. A freed
// task goes on a free list of its size for the next task of that size; blocks are never
// given back (malloc rarely gives back its heap either). Each thread has a pool of its
// own, so no lock is needed. An array of 2 MiB or more gets a mapping of its own.
//
// Built with AddressSanitizer, all of it is plain malloc, realloc and free, so the
// sanitizer still sees every task and every array.
#ifndef BULK_MEMORY_H
#define BULK_MEMORY_H

#include <stddef.h>

// [bulk_api]
// A task's memory: size bytes, aligned for any type, as malloc; NULL when out of
// memory. bulk_task_free gives it back (NULL: nothing).
void *bulk_task_alloc(size_t size);
void bulk_task_free(void *p);

// An array's memory, as malloc but in huge pages from 2 MiB on. bulk_array_free needs
// the size it was allocated with.
void *bulk_array_alloc(size_t size);
void bulk_array_free(void *p, size_t size);

// grow_array (lab 02's grow_array.h), in bulk_array memory: the array items, with
// capacity *cap (0: items is NULL), grown by doubling from first_cap to hold need
// items. Returns the array, or NULL (items and *cap unchanged). Free it with
// bulk_array_free(items, *cap * item_size).
void *bulk_grow_array(void *items, size_t item_size, size_t *cap, size_t need,
                      size_t first_cap);

#define BULK_GROW_ARRAY(items, cap, need, first_cap) \
    bulk_grow_array((items), sizeof *(items), &(cap), (need), (first_cap))
// [/bulk_api]

#endif
