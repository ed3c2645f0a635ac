// looptest: what lab 04's tests share - a virtual clock (test/lib/vclock.h), a log of what
// ran, and a few coroutines to run.
#ifndef LOOPTEST_H
#define LOOPTEST_H

#include <stdint.h>

#include "coro_task.h"
#include "loop.h"
#include "vclock.h"

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
// coro_task_create, and the test fails at once (with a message) if it returns NULL.
struct coro_task *start_task(struct loop *loop, gen_body_fn *body, const void *frame, size_t frame_size);

struct coro_task *make_sleeper(struct loop *loop, int64_t id, int64_t delay_ns, struct run_log *log);

// async def failer(error, delay_ns): await sleep(delay_ns); raise error
struct failer_frame {
    int64_t error, delay_ns;
};
enum gen_status failer_coro(struct gen *g, struct value sent, struct value *out);

// One turn of the loop (loop_run_once), which must return 0.
void run_one_turn(struct loop *loop);

// Runs the loop until fut is done; the test fails if that does not work.
void run_until_done(struct loop *loop, struct future *fut);

// Frees tasks that must be finished; the test fails if one is not.
void free_tasks(struct coro_task *tasks[], int n);

#endif
