// split_data: see dispatch.h.
#include <errno.h>

#include "dispatch.h"

// [split_data]
int split_data(const int64_t *data, size_t n, size_t n_jobs, enum split_kind how,
               struct chunk *chunks)
{
    if (n_jobs == 0 || (how != SPLIT_CONTIGUOUS && how != SPLIT_INTERLEAVED))
        return -EINVAL;
    // TODO(lab 08): contiguous: chunk j starts where chunk j - 1 ended and is one
    // block (block = count, or 1 when empty); it has n / n_jobs items, one more for
    // each of the first n % n_jobs chunks. Interleaved: cut the data in blocks of
    // SPLIT_BLOCK_ITEMS (the last one may be shorter); chunk j starts at block j,
    // takes every n_jobs-th block, and its count adds up the sizes of those blocks.
    (void)data, (void)n, (void)chunks;
    return -ENOSYS;
}
// [/split_data]
