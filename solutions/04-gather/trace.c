#include "trace.h"

#include <errno.h>
#include <stdint.h>

#include "loop.h"

void trace_start(struct loop *loop, struct trace *trace, FILE *out)
{
    *trace = (struct trace){
        .out = out, .origin_ns = loop_now_ns(loop), .any = false, .tasks = 0};
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
    // stdio reports a failure in errno: turn it into the return value.
    errno = 0;
    if (fflush(trace->out) != 0 || ferror(trace->out))
        return errno ? -errno : -EIO;
    return 0;
}

static double micros(const struct trace *trace, int64_t ns)
{
    return (double)(ns - trace->origin_ns) / 1000.0;
}

// A task's tid: its address in 16-byte units (tasks are bigger than that, so two live
// tasks never share one).
static unsigned tid(const void *task)
{
    return (unsigned)(((uintptr_t)task >> 4) & 0x7fffffff);
}

static void separator(struct trace *trace)
{
    if (trace->any)
        fputs(",\n", trace->out);
    trace->any = true;
}

void trace_write_created(struct loop *loop, const void *task)
{
    struct trace *trace = loop->trace;
    separator(trace);
    fprintf(trace->out,
            "{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": 1, \"tid\": %u, "
            "\"args\": {\"name\": \"task %u\"}}",
            tid(task), ++trace->tasks);
    separator(trace);
    fprintf(
        trace->out,
        "{\"name\": \"create\", \"ph\": \"i\", \"s\": \"t\", \"pid\": 1, \"tid\": %u, "
        "\"ts\": %.3f}",
        tid(task), micros(trace, loop_now_ns(loop)));
}

void trace_write_event(struct loop *loop, const void *task, const char *what)
{
    struct trace *trace = loop->trace;
    separator(trace);
    fprintf(trace->out,
            "{\"name\": \"%s\", \"ph\": \"i\", \"s\": \"t\", \"pid\": 1, \"tid\": %u, "
            "\"ts\": %.3f}",
            what, tid(task), micros(trace, loop_now_ns(loop)));
}

void trace_write_run(struct loop *loop, const void *task, int64_t start_ns)
{
    struct trace *trace = loop->trace;
    int64_t end_ns = loop_now_ns(loop);
    separator(trace);
    fprintf(
        trace->out,
        "{\"name\": \"run\", \"ph\": \"X\", \"pid\": 1, \"tid\": %u, \"ts\": %.3f, "
        "\"dur\": %.3f}",
        tid(task), micros(trace, start_ns), (double)(end_ns - start_ns) / 1000.0);
}
