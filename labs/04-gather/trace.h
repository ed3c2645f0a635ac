// trace: what the tasks did, written as Chrome trace-event JSON (open it in Perfetto
// or chrome://tracing, or draw it: chapters/figures/gather_timeline.sh).
//
// Each task is a "thread" (tid = a number made from its address, named "task N" in the
// order the tasks were created); each step of its coroutine is a complete event "run"
// with its duration; "await", "yield", "wake", "finish" and "raise" are instant
// events. Times are the loop's clock, in microseconds from trace_start.
#ifndef TRACE_H
#define TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "loop.h"

struct trace {
    FILE *out;         // the caller's stream; trace_stop does not close it
    int64_t origin_ns; // the loop's clock at trace_start
    bool any;          // an event has been written (the next needs a comma)
    uint32_t tasks;    // tasks created while tracing, to name them
};

// Starts writing loop's events to out, through trace (which must outlive the tracing).
void trace_start(struct loop *loop, struct trace *trace, FILE *out);

// Ends the JSON document and stops tracing. Returns 0, or a negative errno (-EIO
// when stdio does not say) if writing failed.
int trace_stop(struct loop *loop);

// What the hooks below write when tracing is on.
void trace_write_created(struct loop *loop, const void *task);
void trace_write_event(struct loop *loop, const void *task, const char *what);
void trace_write_run(struct loop *loop, const void *task, int64_t start_ns);

// Hooks for the task code: inline, so that with tracing off they cost one test.
static inline void trace_task_created(struct loop *loop, const void *task)
{
    if (loop->trace)
        trace_write_created(loop, task);
}

static inline void trace_task_event(struct loop *loop, const void *task,
                                    const char *what)
{
    if (loop->trace)
        trace_write_event(loop, task, what);
}

// The start time of a step, or 0 when not tracing.
static inline int64_t trace_run_begin(struct loop *loop)
{
    return loop->trace ? loop_now_ns(loop) : 0;
}

static inline void trace_run_end(struct loop *loop, const void *task, int64_t start_ns)
{
    if (loop->trace)
        trace_write_run(loop, task, start_ns);
}

#endif
