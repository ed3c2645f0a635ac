// burgers: the two restaurants and the house, told with dispatch_jobs. Waiting customers
// are served best by one cashier who hands out numbers (concurrency); a house with
// nothing to wait for is cleaned side by side only by several cleaners (parallelism).
#include <errno.h>
#include <stdbool.h>

#include "burgers.h"
#include "labtest.h"

LAB_SUITE(burgers, 20);

enum { CUSTOMERS = 16, ROOMS = BURGER_COOKS };

static double served_in_ms(const struct order_book *book, size_t n, enum restaurant r,
                           const char *who)
{
    int64_t start = test_now_ns();
    int64_t served = serve_customers(book, n, r);
    int64_t took = test_now_ns() - start;
    cr_assert(served == (int64_t)n, "%s: serve_customers served %lld of %zu (%s): it "
              "runs on dispatch_jobs, so look at %s first", who, (long long)served, n,
              error_name(served), r == ONE_CASHIER ? "run_tasks (coroutines)"
                                                   : "dispatch_threads");
    return ns_as_ms(took);
}

Test(burgers, one_cashier_serves_waiting_customers_before_eight_cashier_cooks)
{
    const int64_t d = scaled_ms(100);
    struct order_book book = {.work_ms = 1, .wait_ms = d};
    double cashier = served_in_ms(&book, CUSTOMERS, ONE_CASHIER, "one cashier");
    cr_assert(cashier >= (double)d, "one cashier served %d customers who each wait %lld "
              "ms on the grill in %.1f ms: nobody can be served before the grill is done",
              CUSTOMERS, (long long)d, cashier);
    // Each cook stands by the grill for two customers in turn: 2d, however fast it is.
    double cooks = served_in_ms(&book, CUSTOMERS, CASHIER_COOKS, "8 cashier-cooks");
    cr_assert(cooks >= 2.0 * (double)d, "8 cashier-cooks served %d customers in %.1f ms, "
              "under two waits of %lld ms: a cook serves its line one after another",
              CUSTOMERS, cooks, (long long)d);
    cr_assert(cashier < 2.0 * (double)d, "one cashier took %.1f ms for %d customers who "
              "each wait %lld ms (8 cashier-cooks: %.1f ms): the coroutines must wait "
              "for the grill side by side, so look at run_tasks", cashier, CUSTOMERS,
              (long long)d, cooks);
}

// Whether any two of the n intervals [began, ended] overlap.
static bool any_overlap(const int64_t *began, const int64_t *ended, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j && began[i] < ended[j] && began[j] < ended[i])
                return true;
    return false;
}

Test(burgers, only_parallelism_helps_to_clean_the_house)
{
    int64_t began[ROOMS], ended[ROOMS];
    const int64_t room = scaled_ms(30);
    struct order_book house = {
        .work_ms = room, .wait_ms = 0, .began_ns = began, .ended_ns = ended};
    double one = served_in_ms(&house, ROOMS, ONE_CASHIER, "one cleaner");
    cr_assert(one >= (double)(ROOMS * room), "one cleaner did %d rooms of %lld ms of "
              "CPU work each in %.1f ms: one thread cannot do them in less than their sum",
              ROOMS, (long long)room, one);
    cr_assert(!any_overlap(began, ended, ROOMS), "one cleaner (coroutines on one "
              "thread) was in two rooms at once: a coroutine that never awaits runs to "
              "its end before the next one starts");
    double eight = served_in_ms(&house, ROOMS, CASHIER_COOKS, "8 cleaners");
    cr_assert(any_overlap(began, ended, ROOMS), "8 cleaners took %.1f ms for %d rooms "
              "and no two rooms were cleaned at the same time: dispatch_threads must start "
              "every thread before it joins any", eight, ROOMS);
}
