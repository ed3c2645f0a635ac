// trace: what the tasks did, written as Chrome trace-event JSON (open it in Perfetto or
// chrome://tracing, or draw it: chapters/figures/gather_timeline.sh).
//
// Each task is a "thread" (tid = its id, named "task N"); each step of its coroutine is a
// complete event "run" with its duration; "await", "yield", "wake", "finish" and "raise" are
// instant events. Times are the loop's clock, in microseconds from trace_start.
// The hooks cost one test of loop->trace when tracing is off.
#ifndef TRACE_H
#define TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct loop;

struct trace {
    FILE *out;         // the caller's stream; trace_stop does not close it
    int64_t origin_ns; // the loop's clock at trace_start
    bool any;          // an event has been written (the next needs a comma)
};

// Starts writing loop's events to out, through trace (which must outlive the tracing).
void trace_start(struct loop *loop, struct trace *trace, FILE *out);

// Ends the JSON document and stops tracing. Returns 0, or -1 with errno if writing failed.
int trace_stop(struct loop *loop);

// Hooks for the task code.
void trace_task_created(struct loop *loop, uint32_t task_id);
void trace_task_event(struct loop *loop, uint32_t task_id, const char *what);
int64_t trace_run_begin(struct loop *loop); // the start time of a step, or 0 when not tracing
void trace_run_end(struct loop *loop, uint32_t task_id, int64_t start_ns);

#endif
