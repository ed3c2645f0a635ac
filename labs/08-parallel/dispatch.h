// dispatch: one job split into chunks, run three ways - as processes, as threads or as
// coroutines - with the results collected in chunk order. The C twin of the tutorial's
// dispatch_jobs(data, n_jobs) written with multiprocessing, threading and asyncio.
//
// A chunk is a view of the data: count items, taken block items at a time from first
// on, one block every stride items (a contiguous chunk is one block). A job turns one
// chunk into one number. It comes in two forms, because a coroutine cannot call a
// function that blocks (it would stop its whole loop): `run` for processes and
// threads, which may block, and `coroutine`, a lab 04 coroutine body that awaits
// instead.
#ifndef DISPATCH_H
#define DISPATCH_H

#include <stddef.h>
#include <stdint.h>

#include "gen.h"
#include "loop.h"

// [chunk]
struct chunk {
    const int64_t *data;
    size_t first, count; // where its first item is, and how many items it has
    size_t block, stride; // item k is data[first + k / block * stride + k % block]
};

// The k-th item (k < count) of chunk c.
static inline int64_t chunk_item(const struct chunk *c, size_t k)
{
    return c->data[c->first + k / c->block * c->stride + k % c->block];
}
// [/chunk]

// The items in one block of an interleaved split.
#define SPLIT_BLOCK_ITEMS 64

// How split_data cuts the data.
enum split_kind {
    SPLIT_CONTIGUOUS, // chunk j is one run of neighbours; sizes differ by at most one,
    // the larger chunks first
    SPLIT_INTERLEAVED, // the data cut in blocks of SPLIT_BLOCK_ITEMS (the last may be
    // shorter): chunk j takes blocks j, j + n_jobs, j + 2 * n_jobs...
};

// How dispatch_jobs runs each chunk's job.
enum dispatch_way {
    DISPATCH_PROCESS, // a child process each (fork); results come back through pipes
    DISPATCH_THREAD, // a thread each (pthreads)
    DISPATCH_COROUTINE, // a task each on a lab 04 loop of its own (on lab 05's
    // reactor), in this thread
};

// [job]
// The frame of a job's coroutine: coro_task_create copies the chunk, the arg and the
// loop in (a loop on lab 05's reactor, so a job may await sockets too); the rest is
// the coroutine's to keep across awaits.
struct job_frame {
    struct chunk chunk;
    const void *arg;
    struct loop *loop;
    size_t k; // the item it is at
    int64_t total; // what it has added up so far
    void *state; // anything more the coroutine needs (its own to allocate and free)
};

struct job {
    const char *name;
    // Runs the job on chunk c, blocking as long as it needs. Returns the chunk's
    // result (>= 0), or a negative errno.
    int64_t (*run)(const struct chunk *c, const void *arg);
    // The same job as a coroutine (frame: struct job_frame). It returns
    // value_int(result), or raises value_int(error) with a positive errno.
    gen_body_fn *coroutine;
    const void *arg; // handed to both forms
};
// [/job]

// Fills chunks[0 .. n_jobs - 1] so that every index 0 .. n - 1 of data is in exactly
// one chunk, as `how` says; a chunk may be empty when n < n_jobs. Returns 0, or
// -EINVAL when n_jobs is 0 or how is not a split_kind.
int split_data(const int64_t *data, size_t n, size_t n_jobs, enum split_kind how,
               struct chunk *chunks);

// Runs job on every chunk at the same time, each one `way`, and waits for all of them.
// results[i] is chunk i's result, or its job's negative errno. Returns 0 once every
// job has run (a job that failed only sets its own result), or a negative errno when
// the jobs could not be run (-EAGAIN from fork or pthread_create, -ENOMEM, -EINVAL).
// Leaves nothing behind: every process is reaped, every thread joined, every
// descriptor closed.
int dispatch_processes(const struct job *job, const struct chunk *chunks,
                       size_t n_jobs, int64_t *results);
int dispatch_threads(const struct job *job, const struct chunk *chunks, size_t n_jobs,
                     int64_t *results);
int dispatch_coroutines(const struct job *job, const struct chunk *chunks,
                        size_t n_jobs, int64_t *results);

// [dispatch_jobs]
// dispatch_jobs(data, n_jobs): split_data, then the dispatch_* that `way` names.
// Returns 0, or a negative errno as split_data and dispatch_*; results as dispatch_*.
struct dispatch_how {
    enum dispatch_way way;
    enum split_kind split;
};
int dispatch_jobs(const struct job *job, const int64_t *data, size_t n, size_t n_jobs,
                  struct dispatch_how how, int64_t *results);
// [/dispatch_jobs]

#endif
