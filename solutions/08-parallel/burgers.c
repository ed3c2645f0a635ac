// burgers: see burgers.h. Given code: a story told with the lab's dispatch_jobs.
#include "burgers.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "clock.h"
#include "coro_task.h"
#include "dispatch.h"
#include "jobs.h"
#include "sleep.h"

static int64_t thread_cpu_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (int64_t)t.tv_sec * NS_PER_S + t.tv_nsec;
}

void work_for_ms(int64_t ms)
{
    // Real work, checked against the thread's own CPU time every few hundred numbers:
    // on a busy machine the work takes longer by the clock, never less CPU.
    int64_t until = thread_cpu_ns() + ms * NS_PER_MS, x = 1000003, primes = 0;
    while (thread_cpu_ns() < until)
        for (int i = 0; i < 256; i++)
            primes += is_prime(x++);
    volatile int64_t keep = primes; // the count itself is not needed: keep the loop
    (void)keep;
}

static void note(int64_t *when, int64_t customer)
{
    if (when != NULL)
        when[customer] = clock_now_ns();
}

// [serve_run]
// A cook (a thread): each customer in its line is worked on, then waited for.
static int64_t serve_run(const struct chunk *c, const void *arg)
{
    const struct order_book *book = arg;
    for (size_t k = 0; k < c->count; k++) {
        note(book->began_ns, chunk_item(c, k));
        work_for_ms(book->work_ms);
        int rc = sleep_ms(book->wait_ms); // the cook stands by the grill
        if (rc < 0)
            return rc;
        note(book->ended_ns, chunk_item(c, k));
    }
    return (int64_t)c->count;
}
// [/serve_run]

// [serve_coro]
// A customer (a coroutine) at the cashier: the order is worked on, then the customer
// takes a number and waits, and the cashier is free for the next one.
static enum gen_status serve_coro(struct gen *g, struct value sent, struct value *out)
{
    struct job_frame *f = g->frame;
    const struct order_book *book = f->arg;
    GEN_BEGIN;
    for (f->k = 0; f->k < f->chunk.count; f->k++) {
        note(book->began_ns, chunk_item(&f->chunk, f->k));
        work_for_ms(book->work_ms);
        if (book->wait_ms > 0) // (a room to clean has nothing to wait for)
            AWAIT_SLEEP(book->wait_ms * NS_PER_MS); // the cashier serves the next one
        note(book->ended_ns, chunk_item(&f->chunk, f->k));
        f->total++;
    }
    GEN_RETURN(value_int(f->total));
    GEN_END;
}
// [/serve_coro]

// [serve_customers]
int64_t serve_customers(const struct order_book *book, size_t n, enum restaurant r)
{
    if (book == NULL || book->work_ms < 0 || book->wait_ms < 0 ||
        (r != ONE_CASHIER && r != CASHIER_COOKS))
        return -EINVAL;
    const struct job serve = {
        .name = "serve", .run = serve_run, .coroutine = serve_coro, .arg = book};
    // One coroutine per customer, or one thread per cook with a line of customers.
    size_t n_jobs = r == ONE_CASHIER ? n : BURGER_COOKS;
    struct dispatch_how how = {.way = r == ONE_CASHIER ? DISPATCH_COROUTINE
                                                       : DISPATCH_THREAD,
                               .split = SPLIT_CONTIGUOUS};
    int64_t *customers = malloc((n ? n : 1) * sizeof *customers);
    int64_t *served = malloc((n_jobs ? n_jobs : 1) * sizeof *served);
    int64_t rc = customers && served ? 0 : -ENOMEM;
    for (size_t i = 0; i < n && rc == 0; i++)
        customers[i] = (int64_t)i;
    if (rc == 0)
        rc = dispatch_jobs(&serve, customers, n, n_jobs, how, served);
    for (size_t j = 0; j < n_jobs && rc >= 0; j++)
        rc = served[j] < 0 ? served[j] : rc + served[j];
    free(customers);
    free(served);
    return rc;
}
// [/serve_customers]
