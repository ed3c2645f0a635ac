// jobs: the two kinds of work the chapter compares, in both forms struct job needs.
//
// - CPU-bound: job_count_primes counts the primes among the chunk's items, by trial
//   division. Larger numbers cost more, so contiguous chunks of 1..n are unequal work.
// - I/O-bound: job_wait waits, for each item, that many milliseconds (a stand-in for a
//   request to a slow server) and returns the sum of the waits. As a coroutine it
//   awaits a sleep, so the loop runs the other chunks meanwhile.
#ifndef JOBS_H
#define JOBS_H

#include <stdbool.h>
#include <stdint.h>

#include "dispatch.h"

extern const struct job job_count_primes;
extern const struct job job_wait;

// I/O-bound for real: for each item, a GET of /delay/<item> from an HTTP server on
// 127.0.0.1 (lab 05's test server answers it after <item> ms). Its arg is a struct
// fetch_target. Processes and threads use lab 05's blocking client; the coroutine a
// session of its own (one connection, kept alive) with lab 05's http_fetch. The
// result is the sum of the delays, or the first error (a status other than 200 is
// -EPROTO).
struct fetch_target {
    int port;
};
extern const struct job job_fetch;

// Whether x is prime (x < 2 is not).
bool is_prime(int64_t x);

// The number of primes among the chunk's items.
int64_t count_primes(const struct chunk *c);

#endif
