// split_data: every item in exactly one chunk, contiguous or interleaved.
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "dispatch.h"
#include "labtest.h"

LAB_SUITE(split_data, 10);

enum { MAX_N = 1000 };

static void split_ok(size_t n, size_t n_jobs, enum split_kind how, int64_t *data,
                     struct chunk *chunks)
{
    for (size_t i = 0; i < n; i++)
        data[i] = (int64_t)i;
    int rc = split_data(data, n, n_jobs, how, chunks);
    cr_assert(rc == 0, "split_data(%zu items, %zu jobs, %s) returned %d (%s), expected 0", n,
              n_jobs, how == SPLIT_CONTIGUOUS ? "contiguous" : "interleaved", rc, error_name(rc));
}

Test(split_data, every_item_is_in_exactly_one_chunk_when_the_count_does_not_divide)
{
    static const size_t cases[][2] = {{10, 3}, {7, 2}, {1000, 7}, {300, 4}, {2, 5}, {0, 3}};
    static int64_t data[MAX_N];
    struct chunk chunks[8];
    for (int how = SPLIT_CONTIGUOUS; how <= SPLIT_INTERLEAVED; how++) {
        for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
            size_t n = cases[c][0], n_jobs = cases[c][1];
            split_ok(n, n_jobs, (enum split_kind)how, data, chunks);
            int seen[MAX_N] = {0};
            size_t total = 0;
            for (size_t j = 0; j < n_jobs; j++) {
                for (size_t k = 0; k < chunks[j].count; k++) {
                    int64_t item = chunk_item(&chunks[j], k);
                    cr_assert(item >= 0 && item < (int64_t)n, "%s split of %zu items in %zu "
                              "jobs: chunk %zu's item %zu lies outside the data",
                              how ? "interleaved" : "contiguous", n, n_jobs, j, k);
                    seen[item]++;
                }
                total += chunks[j].count;
            }
            cr_assert(total == n, "%s split of %zu items in %zu jobs: the chunks hold %zu "
                      "items (look at the remainder n %% n_jobs)",
                      how ? "interleaved" : "contiguous", n, n_jobs, total);
            for (size_t i = 0; i < n; i++)
                cr_assert(seen[i] == 1, "%s split of %zu items in %zu jobs: item %zu is in %d "
                          "chunks, expected exactly 1", how ? "interleaved" : "contiguous", n,
                          n_jobs, i, seen[i]);
        }
    }
    cr_assert(split_data(data, 10, 0, SPLIT_CONTIGUOUS, chunks) == -EINVAL,
              "split_data with 0 jobs should return -EINVAL");
}

Test(split_data, contiguous_chunks_are_neighbours_and_differ_by_at_most_one)
{
    static int64_t data[MAX_N];
    struct chunk chunks[7];
    split_ok(1000, 7, SPLIT_CONTIGUOUS, data, chunks);
    int64_t next = 0;
    for (size_t j = 0; j < 7; j++) {
        size_t want = 1000 / 7 + (j < 1000 % 7);
        cr_assert(chunks[j].count == want, "1000 items in 7 contiguous chunks: chunk %zu has %zu "
                  "items, expected %zu (the larger chunks first)", j, chunks[j].count, want);
        for (size_t k = 0; k < chunks[j].count; k++, next++)
            cr_assert(chunk_item(&chunks[j], k) == next, "1000 items in 7 contiguous chunks: "
                      "chunk %zu's item %zu is %lld, expected %lld", j, k,
                      (long long)chunk_item(&chunks[j], k), (long long)next);
    }
}

Test(split_data, interleaved_chunks_step_by_the_number_of_jobs)
{
    static int64_t data[MAX_N];
    struct chunk chunks[4];
    split_ok(1000, 4, SPLIT_INTERLEAVED, data, chunks);
    // Blocks of 64: 15 full and one of 40. Chunk j takes blocks j, j + 4, ...
    for (size_t j = 0; j < 4; j++) {
        size_t k = 0;
        for (size_t b = j; b * SPLIT_BLOCK_ITEMS < 1000; b += 4) {
            for (size_t i = b * SPLIT_BLOCK_ITEMS; i < (b + 1) * SPLIT_BLOCK_ITEMS && i < 1000;
                 i++, k++) {
                cr_assert(k < chunks[j].count, "1000 items in 4 interleaved chunks: chunk %zu "
                          "has only %zu items; it should hold every 4th block of %d from "
                          "block %zu", j, chunks[j].count, SPLIT_BLOCK_ITEMS, j);
                cr_assert(chunk_item(&chunks[j], k) == (int64_t)i, "1000 items in 4 interleaved "
                          "chunks: chunk %zu's item %zu is %lld, expected %zu", j, k,
                          (long long)chunk_item(&chunks[j], k), i);
            }
        }
        cr_assert(chunks[j].count == k, "1000 items in 4 interleaved chunks: chunk %zu has %zu "
                  "items, expected %zu", j, chunks[j].count, k);
    }
}
