// deadline_heap on a virtual clock: deadlines are plain numbers, so order is checked exactly.
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "deadline_heap.h"
#include "labtest.h"

LAB_SUITE(deadline_heap, 10);

// A fixed pseudo-random sequence (xorshift), the same on every run and every machine.
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

// Items are the numbers 0..n-1 in insertion order, stored in the pointer itself.
static void *item_of(size_t i)
{
    return (void *)(uintptr_t)i;
}

static size_t index_of(const struct heap_entry *e)
{
    return (size_t)(uintptr_t)e->item;
}

static void push(struct deadline_heap *h, int64_t deadline, size_t i)
{
    int rc = deadline_heap_push(h, deadline, item_of(i));
    cr_assert(rc == 0, "deadline_heap_push(heap, %lld, item %zu) returned %d (%s); it should return 0",
              (long long)deadline, i, rc, error_name(rc));
}

static struct heap_entry pop(struct deadline_heap *h)
{
    size_t before = deadline_heap_size(h);
    const struct heap_entry *top = deadline_heap_peek(h);
    cr_assert(top != NULL, "deadline_heap_peek returned NULL although the heap holds %zu entries", before);
    struct heap_entry peeked = *top, out;
    int rc = deadline_heap_pop(h, &out);
    cr_assert(rc == 0, "deadline_heap_pop on a heap of %zu entries returned %d (%s)", before, rc, error_name(rc));
    cr_assert(out.item == peeked.item && out.deadline_ns == peeked.deadline_ns,
              "deadline_heap_pop returned (deadline %lld, item %zu) but peek showed (deadline %lld, item %zu): "
              "pop must remove the entry peek shows", (long long)out.deadline_ns, index_of(&out),
              (long long)peeked.deadline_ns, index_of(&peeked));
    cr_assert(deadline_heap_size(h) == before - 1, "after a pop the heap holds %zu entries, expected %zu",
              deadline_heap_size(h), before - 1);
    return out;
}

// Pushes n entries with deadlines[i], pops them all and checks they leave sorted by
// (deadline, insertion order), each exactly once with its own deadline.
static void check_sorted(size_t n, const int64_t deadlines[])
{
    struct deadline_heap h;
    deadline_heap_init(&h);
    for (size_t i = 0; i < n; i++)
        push(&h, deadlines[i], i);
    cr_assert(deadline_heap_size(&h) == n, "after %zu pushes the heap holds %zu entries", n, deadline_heap_size(&h));
    struct heap_entry previous = {0};
    for (size_t k = 0; k < n; k++) {
        struct heap_entry e = pop(&h);
        size_t i = index_of(&e);
        cr_assert(i < n && e.deadline_ns == deadlines[i], "pop %zu returned item %zu with deadline %lld, but that "
                  "item was pushed with another deadline: entries must move whole", k, i, (long long)e.deadline_ns);
        if (k > 0) {
            cr_assert(e.deadline_ns >= previous.deadline_ns, "pop %zu returned deadline %lld after deadline %lld: "
                      "the heap must always give the earliest", k, (long long)e.deadline_ns,
                      (long long)previous.deadline_ns);
            cr_assert(e.deadline_ns > previous.deadline_ns || i > index_of(&previous),
                      "two entries with deadline %lld came out as item %zu then item %zu, but item %zu was "
                      "pushed first: equal deadlines must leave in insertion order (compare seq)",
                      (long long)e.deadline_ns, index_of(&previous), i, i);
        }
        previous = e;
    }
    cr_assert(deadline_heap_peek(&h) == NULL, "the heap is empty but peek did not return NULL");
    deadline_heap_free(&h);
}

Test(deadline_heap, random_deadlines_come_out_sorted)
{
    enum { N = 2000 };
    static int64_t deadlines[N];
    uint64_t state = 88172645463325252u;
    for (size_t i = 0; i < N; i++)  // wide range: almost no ties, so this is about the order
        deadlines[i] = (int64_t)(next_random(&state) % 1000000000000u) - 500000000000;
    check_sorted(N, deadlines);
}

Test(deadline_heap, equal_deadlines_come_out_in_insertion_order)
{
    enum { N = 1000 };
    static int64_t deadlines[N];
    uint64_t state = 2463534242u;
    for (size_t i = 0; i < N; i++)  // only 5 distinct deadlines: about 200 entries share each one
        deadlines[i] = (int64_t)(next_random(&state) % 5) * 1000;
    check_sorted(N, deadlines);
    for (size_t i = 0; i < N; i++)  // all equal: insertion order is all there is
        deadlines[i] = 7;
    check_sorted(N, deadlines);
}

Test(deadline_heap, holds_a_hundred_thousand_entries)
{
    enum { N = 100000 };
    int64_t *deadlines = malloc(N * sizeof *deadlines);
    cr_assert(deadlines != NULL);
    uint64_t state = 1234567u;
    for (size_t i = 0; i < N; i++)  // 1000 distinct deadlines: ties and order together
        deadlines[i] = (int64_t)(next_random(&state) % 1000);
    int64_t start = test_now_ns();
    check_sorted(N, deadlines);
    int64_t took = test_now_ns() - start;
    // A heap does this in a few milliseconds; an O(n) push or pop (a sorted array, a linear
    // search for the minimum) needs billions of steps.
    cr_assert(took < scaled_ms(3000) * 1000000, "%d pushes and pops took %.0f ms: is push or pop O(n) instead of "
              "O(log n)?", N, ns_as_ms(took));
    free(deadlines);
}

Test(deadline_heap, pushes_and_pops_can_interleave)
{
    enum { OPS = 20000, MAX = 512 };
    // The model: the entries in the heap, kept unsorted; its minimum is found by a plain search.
    static struct heap_entry model[MAX];
    size_t in_model = 0, pushed = 0;
    struct deadline_heap h;
    deadline_heap_init(&h);
    uint64_t state = 99991u;
    for (int op = 0; op < OPS; op++) {
        bool do_push = in_model == 0 || (in_model < MAX && next_random(&state) % 3 != 0);
        if (do_push) {
            int64_t deadline = (int64_t)(next_random(&state) % 100);
            push(&h, deadline, pushed);
            model[in_model++] = (struct heap_entry){.deadline_ns = deadline, .seq = pushed, .item = item_of(pushed)};
            pushed++;
            continue;
        }
        size_t min = 0;
        for (size_t j = 1; j < in_model; j++)
            if (model[j].deadline_ns < model[min].deadline_ns ||
                (model[j].deadline_ns == model[min].deadline_ns && model[j].seq < model[min].seq))
                min = j;
        struct heap_entry e = pop(&h);
        cr_assert(e.item == model[min].item, "operation %d: pop returned item %zu (deadline %lld) but the earliest "
                  "entry is item %zu (deadline %lld): after pops, pushes must still sift to the right place", op,
                  index_of(&e), (long long)e.deadline_ns, index_of(&model[min]), (long long)model[min].deadline_ns);
        model[min] = model[--in_model];
    }
    deadline_heap_free(&h);
}

Test(deadline_heap, reports_an_empty_heap)
{
    struct deadline_heap h;
    deadline_heap_init(&h);
    struct heap_entry out;
    int rc = deadline_heap_pop(&h, &out);
    cr_assert(rc == -ENOENT, "deadline_heap_pop on an empty heap returned %d (%s); it should "
              "return -ENOENT", rc, error_name(rc));
    cr_assert(deadline_heap_peek(&h) == NULL, "deadline_heap_peek on an empty heap must return NULL");
    push(&h, 5, 0);
    pop(&h);
    rc = deadline_heap_pop(&h, NULL);
    cr_assert(rc == -ENOENT, "after one push and one pop the heap is empty again, but pop returned %d "
              "(%s); it should return -ENOENT", rc, error_name(rc));
    deadline_heap_free(&h);
}
