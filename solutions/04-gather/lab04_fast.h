// lab04_fast: the switches of lab 04's optional last part, the speed-ups (chapter 04,
// "Optional: a million tasks in 160 bytes each"). -DLAB04_FAST (make LAB04_FAST=1)
// turns on all of them; each can also be turned on alone, to measure what it brings:
//   LAB04_FAST_TIMERS   the loop's timers in timer_heap.h (a fast lane, 16-byte
//                       entries, handles by position) instead of lab 02's heap
//   LAB04_SMALL_FUTURE  a 48-byte future (a one-byte cancel hook) that holds its
//                       task's state, so a task takes 96 bytes instead of 112
//   LAB04_BULK_MEMORY   tasks and large arrays in huge pages (bulk_memory.h): a
//                       page fault per 2 MiB instead of one per 4 KiB
// Without them the runtime is the one the chapter teaches; the tests pass either way.
#ifndef LAB04_FAST_H
#define LAB04_FAST_H

#ifdef LAB04_FAST
#ifndef LAB04_FAST_TIMERS
#define LAB04_FAST_TIMERS 1
#endif
#ifndef LAB04_SMALL_FUTURE
#define LAB04_SMALL_FUTURE 1
#endif
#ifndef LAB04_BULK_MEMORY
#define LAB04_BULK_MEMORY 1
#endif
#endif

#endif
