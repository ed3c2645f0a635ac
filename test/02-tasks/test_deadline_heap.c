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

static int64_t push(struct deadline_heap *h, int64_t deadline, size_t i)
{
    int64_t rc = deadline_heap_push(h, deadline, item_of(i));
    cr_assert(rc > 0, "deadline_heap_push(heap, %lld, item %zu) returned %lld (%s); it should return a "
              "handle > 0 (the entry's seq + 1)", (long long)deadline, i, (long long)rc, error_name((int)rc));
    return rc;
}

// The heap invariant itself, checked before any order is: every parent, entries[(i - 1) / 4],
// sorts no later than its child entries[i]. A heap indexed as if it were binary (children at
// 2i + 1, 2i + 2) breaks it at once, and the message names the pair.
static void check_invariant(const struct deadline_heap *h, const char *after)
{
    for (size_t i = 1; i < h->len; i++) {
        size_t parent = (i - 1) / HEAP_ARITY;
        const struct heap_entry *p = &h->entries[parent], *c = &h->entries[i];
        bool tie = p->deadline_ns == c->deadline_ns;
        cr_assert(!tie || p->seq < c->seq, "after %s, entries[%zu] (seq %llu) is the parent of entries[%zu] (seq "
                  "%llu), both with deadline %lld: on equal deadlines the one inserted first (smaller seq) must "
                  "sort first - does heap_entry_before compare seq?", after, parent, (unsigned long long)p->seq, i,
                  (unsigned long long)c->seq, (long long)c->deadline_ns);
        bool later = p->deadline_ns > c->deadline_ns;
        cr_assert(!later, "after %s, the heap invariant is broken: entries[%zu] (deadline %lld, seq %llu) is "
                  "the parent of entries[%zu] (deadline %lld, seq %llu) - the parent of i is (i - 1) / "
                  "HEAP_ARITY, the children of i are HEAP_ARITY * i + 1 .. HEAP_ARITY * i + HEAP_ARITY - but "
                  "sorts after it. Check the indices push and pop use", after, parent, (long long)p->deadline_ns,
                  (unsigned long long)p->seq, i, (long long)c->deadline_ns, (unsigned long long)c->seq);
    }
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
    check_invariant(&h, "the pushes");
    cr_assert(deadline_heap_size(&h) == n, "after %zu pushes the heap holds %zu entries", n, deadline_heap_size(&h));
    struct heap_entry previous = {0};
    for (size_t k = 0; k < n; k++) {
        struct heap_entry e = pop(&h);
        if (k == 0)
            check_invariant(&h, "the first pop");
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
            check_invariant(&h, "a push");
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
        check_invariant(&h, "a pop");
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

Test(deadline_heap, a_cancelled_entry_never_comes_out_and_its_handle_goes_stale)
{
    enum { N = 12 };
    struct deadline_heap h;
    deadline_heap_init(&h);
    int64_t handles[N];
    for (size_t i = 0; i < N; i++) {
        handles[i] = push(&h, (int64_t)(i % 4) * 10, i);
        for (size_t j = 0; j < i; j++)
            cr_assert(handles[j] != handles[i], "items %zu and %zu got the same handle %lld: a handle must "
                      "name one entry (seq + 1)", j, i, (long long)handles[i]);
    }
    // Item 0 is the earliest (deadline 0, pushed first); 5 and 10 sit somewhere below.
    const size_t cancelled[] = {0, 5, 10};
    for (size_t k = 0; k < 3; k++) {
        void *item = NULL;
        int rc = deadline_heap_cancel(&h, handles[cancelled[k]], &item);
        cr_assert(rc == 0, "deadline_heap_cancel of item %zu's handle returned %d (%s); it should return 0",
                  cancelled[k], rc, error_name(rc));
        cr_assert(item == item_of(cancelled[k]), "deadline_heap_cancel of item %zu's handle gave back item "
                  "%zu: it must store the cancelled entry's own item", cancelled[k],
                  (size_t)(uintptr_t)item);
    }
    int rc = deadline_heap_cancel(&h, handles[5], NULL);
    cr_assert(rc == -ENOENT, "cancelling item 5 a second time returned %d (%s); it should return -ENOENT: "
              "a cancelled entry's handle is stale", rc, error_name(rc));
    for (size_t k = 0; k < N - 3; k++) {
        struct heap_entry e;
        rc = deadline_heap_pop(&h, &e);
        cr_assert(rc == 0, "pop %zu returned %d (%s), but %zu live entries are left", k, rc, error_name(rc),
                  N - 3 - k);
        size_t i = index_of(&e);
        cr_assert(i != 0 && i != 5 && i != 10, "pop %zu returned item %zu, which was cancelled: a cancelled "
                  "entry is dropped when it reaches the top, never returned", k, i);
        rc = deadline_heap_cancel(&h, handles[i], NULL);
        cr_assert(rc == -ENOENT, "cancelling item %zu after it was popped returned %d (%s); it should return "
                  "-ENOENT: a popped entry (a timer that has fired) has a stale handle", i, rc, error_name(rc));
    }
    cr_assert(deadline_heap_peek(&h) == NULL, "every live entry was popped, but peek still shows one: the "
              "cancelled ones must be dropped, not returned");
    rc = deadline_heap_cancel(&h, 0, NULL);
    cr_assert(rc == -ENOENT, "deadline_heap_cancel(heap, 0) returned %d (%s); no handle is 0, so it should "
              "return -ENOENT", rc, error_name(rc));
    deadline_heap_free(&h);
}
