// looptest: what lab 04's tests share - a virtual-clock backend, a log of what ran, and a few
// coroutines to run.
#ifndef LOOPTEST_H
#define LOOPTEST_H

#include <stdint.h>

#include "coro_task.h"
#include "loop.h"

// A backend whose clock only moves when the loop polls: a poll for t ns jumps t ns ahead, so
// timers fire exactly on time and tests do not depend on the machine's speed.
struct vclock {
    struct loop_backend backend; // first: the loop sees only this
    int64_t now_ns;
    int64_t poll_cost_ns; // how far even a poll with timeout 0 moves the clock (0 unless a test sets it)
    int polls;
    int64_t timeouts[64]; // the timeout of each of the first 64 polls
};

// Makes loop run on a new virtual clock that starts at 1 s.
void vclock_loop_init(struct loop *loop, struct vclock *clock);

// An ordered log of small integers, for "what ran in which order".
struct run_log {
    int entries[256];
    int count;
};

void log_add(struct run_log *log, int entry);

// Fails the test unless log holds exactly want[0..n-1]; what names the sequence in the message.
void expect_log(const struct run_log *log, const int want[], int n, const char *what);

// A loop callback that logs its arg's entry: arg points at a struct log_note.
struct log_note {
    struct run_log *log;
    int entry;
};
void log_callback(void *arg);

// async def sleeper(id, delay_ns): await sleep(delay_ns); log id; return id
struct sleeper_frame {
    int64_t id, delay_ns;
    struct run_log *log; // may be NULL
};
enum gen_status sleeper_coro(struct gen *g, struct value sent, struct value *out);

// Creates a sleeper task (the test fails if it cannot).
struct coro_task *make_sleeper(struct loop *loop, int64_t id, int64_t delay_ns, struct run_log *log);

// async def failer(error, delay_ns): await sleep(delay_ns); raise error
struct failer_frame {
    int64_t error, delay_ns;
};
enum gen_status failer_coro(struct gen *g, struct value sent, struct value *out);

// Runs the loop until fut is done; the test fails if that does not work.
void run_until_done(struct loop *loop, struct future *fut);

// Frees tasks that must be finished; the test fails if one is not.
void free_tasks(struct coro_task *tasks[], int n);

#endif
