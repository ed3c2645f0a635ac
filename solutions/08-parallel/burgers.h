// burgers: the tutorial's two restaurants, and the house that has to be cleaned, as
// jobs for dispatch_jobs.
//
// Every customer's order needs two things: a cook's hands for work_ms (CPU time: real
// computation) and the grill for wait_ms (a wait: nobody has to do anything
// meanwhile). The two restaurants differ in who waits by the grill:
//
// - ONE_CASHIER: one cashier who hands out numbers. Every customer is a coroutine on
//   one thread: the cashier works on an order, gives its customer a number, and
//   serves the next while the grill does its part. Concurrency: the waits overlap;
//   the work does not, since there is one pair of hands.
// - CASHIER_COOKS: eight cashier-cooks. Every cook is a thread with its own line of
//   customers; a cook takes an order, works on it, then stands by the grill until it
//   is done, and only then takes the next. Parallelism: the work runs on every core,
//   but each wait blocks its cook.
//
// The house is the same code with no waiting at all: rooms instead of customers, and
// only work. There one cleaner (ONE_CASHIER) can only go room after room; eight
// cleaners (CASHIER_COOKS) use every core the machine has.
#ifndef BURGERS_H
#define BURGERS_H

#include <stddef.h>
#include <stdint.h>

// [order_book]
struct order_book {
    int64_t work_ms; // hands-on CPU time per customer (or room)
    int64_t wait_ms; // time on the grill per customer, >= 0 (0: nothing to wait for)
    // Optional (NULL: not kept): per customer i, when serving began and ended
    // (clock_now_ns). Coroutines and threads share memory, so they can fill them in.
    int64_t *began_ns, *ended_ns;
};

enum restaurant {
    ONE_CASHIER, // one thread, a coroutine per customer
    CASHIER_COOKS, // BURGER_COOKS threads, customers shared out in lines
};
// [/order_book]

#define BURGER_COOKS 8

// Serves customers 0 .. n - 1 in restaurant r, as book says, and waits until all are
// served. Returns the number served (n), or a negative errno (-EINVAL for a bad book
// or restaurant, or dispatch_jobs's error).
int64_t serve_customers(const struct order_book *book, size_t n, enum restaurant r);

// Computes (counts primes) until this thread has used ms of CPU time.
void work_for_ms(int64_t ms);

#endif
