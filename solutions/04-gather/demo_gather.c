// demo_gather: the C twin of gather.py - N coroutines that each sleep D, gathered.
// Usage: demo_gather [--trace FILE] [N [D_MS]]
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "coro_task.h"
#include "gather.h"
#include "loop.h"
#include "trace.h"

// [sleeper]
// async def sleeper(i, d): await asyncio.sleep(d); return i
struct sleeper_frame {
    int64_t id, delay_ns;
};

static enum gen_status sleeper(struct gen *g, struct value sent, struct value *out)
{
    struct sleeper_frame *f = g->frame;
    GEN_BEGIN;
    AWAIT_SLEEP(f->delay_ns);
    GEN_RETURN(value_int(f->id));
    GEN_END;
}
// [/sleeper]

// [main_coro]
// async def main(n, d): results = await asyncio.gather(*(sleeper(i, d)
// for i in range(n)))
struct main_frame {
    struct loop *loop;
    int64_t n, delay_ns;
    struct future **children; // the sleepers, as futures (each is a struct coro_task)
    struct gather *gather;
    struct value ignored;
};

static enum gen_status main_coro(struct gen *g, struct value sent, struct value *out)
{
    struct main_frame *f = g->frame;
    GEN_BEGIN;
    f->children = calloc((size_t)f->n, sizeof *f->children);
    if (f->children == NULL)
        GEN_RAISE(value_int(ENOMEM));
    for (int64_t i = 0; i < f->n; i++) {
        struct sleeper_frame frame = {.id = i, .delay_ns = f->delay_ns};
        struct coro_task *t = coro_task_create(f->loop, sleeper, &frame, sizeof frame);
        if (t == NULL)
            GEN_RAISE(value_int(ENOMEM));
        f->children[i] = coro_task_future(t);
    }
    f->gather = gather_create(f->loop, f->children, (size_t)f->n);
    if (f->gather == NULL)
        GEN_RAISE(value_int(ENOMEM));
    AWAIT(&f->gather->future, f->ignored); // the results stay in the
                                           // children, in order
    GEN_RETURN(value_none());
    GEN_END;
}
// [/main_coro]

int main(int argc, char **argv)
{
    FILE *trace_out = NULL;
    if (argc > 2 && strcmp(argv[1], "--trace") == 0) {
        trace_out = fopen(argv[2], "w");
        if (trace_out == NULL) {
            fprintf(stderr, "%s: %s: %s\n", argv[0], argv[2], strerror(errno));
            return 1;
        }
        argc -= 2, argv += 2;
    }
    int64_t n = argc > 1 ? atoll(argv[1]) : 5;
    int64_t d_ms = argc > 2 ? atoll(argv[2]) : 500;
    if (n <= 0 || n > 10000000 || d_ms < 0) {
        fprintf(stderr,
                "usage: demo_gather [--trace FILE] [N (1..10^7) [D_MS (>= 0)]]\n");
        return 2;
    }

    // [run]
    struct loop loop;
    loop_init(&loop, NULL);
    struct trace trace;
    if (trace_out)
        trace_start(&loop, &trace, trace_out);
    int64_t start_ns = clock_now_ns();
    struct main_frame frame = {.loop = &loop, .n = n, .delay_ns = d_ms * NS_PER_MS};
    struct coro_task *main_task =
        coro_task_create(&loop, main_coro, &frame, sizeof frame);
    // A returned error is negative; the task's future stores its error positive.
    int error = main_task == NULL ? ENOMEM
                : -loop_run_until_complete(&loop, coro_task_future(main_task));
    if (error == 0)
        error = future_error(coro_task_future(main_task));
    if (error != 0) {
        fprintf(stderr, "demo_gather: %s\n", strerror(error));
        return 1;
    }
    struct main_frame *f = coro_task_frame(main_task);
    printf("Results: [");
    for (int64_t i = 0; i < n && i < 20; i++)
        printf("%s%lld", i ? ", " : "",
               (long long)gather_result(f->gather, (size_t)i).as.i);
    printf("%s]\n", n > 20 ? ", ..." : "");
    printf("Total time: %.2f s\n", (double)(clock_now_ns() - start_ns) / NS_PER_S);
    // [/run]

    if (trace_out) {
        trace_stop(&loop);
        fclose(trace_out);
    }
    gather_free(f->gather);
    for (int64_t i = 0; i < n; i++)
        coro_task_free((struct coro_task *)f->children[i]);
    free(f->children);
    coro_task_free(main_task);
    loop_close(&loop);
    return 0;
}
