// jobs: see jobs.h. Given code: the work itself is not what the lab is about.
#include "jobs.h"

#include <errno.h>

#include "clock.h"
#include "coro_task.h"
#include "sleep.h"

// [is_prime]
bool is_prime(int64_t x)
{
    if (x < 2)
        return false;
    for (int64_t p = 2; p <= x / p; p++)
        if (x % p == 0)
            return false;
    return true;
}
// [/is_prime]

int64_t count_primes(const struct chunk *c)
{
    int64_t primes = 0;
    for (size_t k = 0; k < c->count; k++)
        primes += is_prime(chunk_item(c, k));
    return primes;
}

static int64_t count_primes_run(const struct chunk *c, const void *arg)
{
    (void)arg;
    return count_primes(c);
}

// A coroutine that never awaits: the whole count runs in one step, and the loop (every
// other chunk with it) waits until it is done. That is what cooperative means.
static enum gen_status count_primes_coro(struct gen *g, struct value sent,
                                         struct value *out)
{
    struct job_frame *f = g->frame;
    GEN_BEGIN;
    GEN_RETURN(value_int(count_primes(&f->chunk)));
    GEN_END;
}

const struct job job_count_primes = {
    .name = "count primes", .run = count_primes_run, .coroutine = count_primes_coro};

// [wait_run]
static int64_t wait_run(const struct chunk *c, const void *arg)
{
    (void)arg;
    int64_t total = 0;
    for (size_t k = 0; k < c->count; k++) {
        int rc = sleep_ms(chunk_item(c, k)); // blocks this thread (or process)
        if (rc < 0)
            return rc;
        total += chunk_item(c, k);
    }
    return total;
}
// [/wait_run]

// [wait_coro]
static enum gen_status wait_coro(struct gen *g, struct value sent, struct value *out)
{
    struct job_frame *f = g->frame;
    GEN_BEGIN;
    for (f->k = 0; f->k < f->chunk.count; f->k++) {
        int64_t ms = chunk_item(&f->chunk, f->k);
        if (ms < 0)
            GEN_RAISE(value_int(EINVAL));
        AWAIT_SLEEP(ms * NS_PER_MS); // suspends this task only
        f->total += chunk_item(&f->chunk, f->k);
    }
    GEN_RETURN(value_int(f->total));
    GEN_END;
}
// [/wait_coro]

const struct job job_wait = {.name = "wait", .run = wait_run, .coroutine = wait_coro};
