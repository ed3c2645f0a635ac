// demo_wait: the C twin of explicit_loop.py - three tasks created on a loop, then the
// loop runs until async_wait says all are done. Usage: demo_wait [D_MS]
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "async_wait.h"
#include "clock.h"
#include "coro_task.h"
#include "loop.h"

// [worker]
// async def worker(name, d): print; await asyncio.sleep(d); print; return name.upper()
struct worker_frame {
    char name;
    int64_t delay_ns;
};

static enum gen_status worker(struct gen *g, struct value sent, struct value *out)
{
    struct worker_frame *f = g->frame;
    GEN_BEGIN;
    printf("%c: started, sleeping %.2f s\n", f->name, (double)f->delay_ns / NS_PER_S);
    AWAIT_SLEEP(f->delay_ns);
    printf("%c: woke up\n", f->name);
    GEN_RETURN(value_int(f->name - 'a' + 'A'));
    GEN_END;
}
// [/worker]

int main(int argc, char **argv)
{
    int64_t d_ms = argc > 1 ? atoll(argv[1]) : 100;
    if (d_ms < 0) {
        fprintf(stderr, "usage: demo_wait [D_MS (>= 0)]\n");
        return 2;
    }
    // [explicit_loop]
    struct loop loop;
    loop_init(&loop, NULL);
    int64_t start_ns = clock_now_ns();
    const struct worker_frame frames[3] = {{'a', 3 * d_ms * NS_PER_MS},
                                           {'b', 1 * d_ms * NS_PER_MS},
                                           {'c', 2 * d_ms * NS_PER_MS}};
    struct future *tasks[3];
    for (int i = 0; i < 3; i++) {
        struct coro_task *t =
            coro_task_create(&loop, worker, &frames[i], sizeof frames[i]);
        if (t == NULL)
            return 1;
        tasks[i] = coro_task_future(t);
    }
    printf("three tasks created; none has started yet\n");
    struct async_wait *w = async_wait_create(&loop, tasks, 3, WAIT_ALL_COMPLETED, -1);
    int rc = w == NULL ? -ENOMEM : loop_run_until_complete(&loop, &w->future);
    if (rc < 0) {
        fprintf(stderr, "demo_wait: %s\n", strerror(-rc));
        return 1;
    }
    size_t done = async_wait_split(w, NULL, NULL);
    printf("done: %zu, pending: %zu\n", done, 3 - done);
    printf("results: [%c, %c, %c]\n", (char)future_result(tasks[0]).as.i,
           (char)future_result(tasks[1]).as.i, (char)future_result(tasks[2]).as.i);
    printf("Total time: %.2f s\n", (double)(clock_now_ns() - start_ns) / NS_PER_S);
    async_wait_free(w);
    for (int i = 0; i < 3; i++)
        coro_task_free((struct coro_task *)tasks[i]);
    loop_close(&loop);
    // [/explicit_loop]
    return 0;
}
