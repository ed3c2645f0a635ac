#include "trace.h"

#include <errno.h>

#include "loop.h"

void trace_start(struct loop *loop, struct trace *trace, FILE *out)
{
    *trace = (struct trace){.out = out, .origin_ns = loop_now_ns(loop), .any = false};
    fputs("{\"traceEvents\": [\n", out);
    loop->trace = trace;
}

int trace_stop(struct loop *loop)
{
    struct trace *trace = loop->trace;
    if (trace == NULL)
        return 0;
    loop->trace = NULL;
    fputs("\n], \"displayTimeUnit\": \"ms\"}\n", trace->out);
    if (fflush(trace->out) != 0 || ferror(trace->out)) {
        errno = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

static double micros(const struct trace *trace, int64_t ns)
{
    return (double)(ns - trace->origin_ns) / 1000.0;
}

static void separator(struct trace *trace)
{
    if (trace->any)
        fputs(",\n", trace->out);
    trace->any = true;
}

void trace_task_created(struct loop *loop, uint32_t task_id)
{
    struct trace *trace = loop->trace;
    if (trace == NULL)
        return;
    separator(trace);
    fprintf(trace->out, "{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": 1, \"tid\": %u, "
            "\"args\": {\"name\": \"task %u\"}}", task_id, task_id);
    separator(trace);
    fprintf(trace->out, "{\"name\": \"create\", \"ph\": \"i\", \"s\": \"t\", \"pid\": 1, \"tid\": %u, "
            "\"ts\": %.3f}", task_id, micros(trace, loop_now_ns(loop)));
}

void trace_task_event(struct loop *loop, uint32_t task_id, const char *what)
{
    struct trace *trace = loop->trace;
    if (trace == NULL)
        return;
    separator(trace);
    fprintf(trace->out, "{\"name\": \"%s\", \"ph\": \"i\", \"s\": \"t\", \"pid\": 1, \"tid\": %u, "
            "\"ts\": %.3f}", what, task_id, micros(trace, loop_now_ns(loop)));
}

int64_t trace_run_begin(struct loop *loop)
{
    return loop->trace ? loop_now_ns(loop) : 0;
}

void trace_run_end(struct loop *loop, uint32_t task_id, int64_t start_ns)
{
    struct trace *trace = loop->trace;
    if (trace == NULL)
        return;
    int64_t end_ns = loop_now_ns(loop);
    separator(trace);
    fprintf(trace->out, "{\"name\": \"run\", \"ph\": \"X\", \"pid\": 1, \"tid\": %u, \"ts\": %.3f, "
            "\"dur\": %.3f}", task_id, micros(trace, start_ns), (double)(end_ns - start_ns) / 1000.0);
}
