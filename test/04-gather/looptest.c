#include "looptest.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "labtest.h"

void log_add(struct run_log *log, int entry)
{
    if (log->count < 256)
        log->entries[log->count++] = entry;
}

void expect_log(const struct run_log *log, const int want[], int n, const char *what)
{
    char got[512] = "", expected[512] = "";
    for (int i = 0; i < log->count && strlen(got) < 480; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%d", i ? " " : "", log->entries[i]);
    for (int i = 0; i < n && strlen(expected) < 480; i++)
        snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "%s%d", i ? " " : "", want[i]);
    int same = log->count == n;
    for (int i = 0; same && i < n; i++)
        same = log->entries[i] == want[i];
    cr_assert(same, "%s: the order was [%s], expected [%s]", what, got, expected);
}

void log_callback(void *arg)
{
    struct log_note *note = arg;
    log_add(note->log, note->entry);
}

enum gen_status sleeper_coro(struct gen *g, struct value sent, struct value *out)
{
    struct sleeper_frame *f = g->frame;
    GEN_BEGIN;
    AWAIT_SLEEP(f->delay_ns);
    if (f->log)
        log_add(f->log, (int)f->id);
    GEN_RETURN(value_int(f->id));
    GEN_END;
}

struct coro_task *start_task(struct loop *loop, gen_body_fn *body, const void *frame, size_t frame_size)
{
    struct coro_task *t = coro_task_create(loop, body, frame, frame_size);
    cr_assert(t != NULL, "coro_task_create returned NULL (out of memory); look at coro_task_create and "
              "loop_call_soon");
    return t;
}

struct coro_task *make_sleeper(struct loop *loop, int64_t id, int64_t delay_ns, struct run_log *log)
{
    struct sleeper_frame frame = {.id = id, .delay_ns = delay_ns, .log = log};
    return start_task(loop, sleeper_coro, &frame, sizeof frame);
}

enum gen_status failer_coro(struct gen *g, struct value sent, struct value *out)
{
    struct failer_frame *f = g->frame;
    GEN_BEGIN;
    AWAIT_SLEEP(f->delay_ns);
    GEN_RAISE(value_int(f->error));
    GEN_END;
}

void run_one_turn(struct loop *loop)
{
    int rc = loop_run_once(loop);
    cr_assert(rc == 0, "loop_run_once returned %d (%s); look at loop_run_once", rc, error_name(rc));
}

void run_until_done(struct loop *loop, struct future *fut)
{
    int rc = loop_run_until_complete(loop, fut);
    cr_assert(rc == 0, "loop_run_until_complete returned %d (%s) before the future was done; look "
              "at loop_run_once (-EDEADLK: the loop found nothing to run and no timer to wait for)", rc,
              error_name(rc));
    cr_assert(future_done(fut), "loop_run_until_complete returned 0 but the future is not done");
}

void free_tasks(struct coro_task *tasks[], int n)
{
    for (int i = 0; i < n; i++) {
        int rc = coro_task_free(tasks[i]);
        cr_assert(rc == 0, "coro_task_free(task %d) returned %d (%s): it has not finished, or its "
                  "future's callbacks have not run", i, rc, error_name(rc));
    }
}
