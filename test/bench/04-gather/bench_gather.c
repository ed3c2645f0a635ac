// bench_gather: the costs of lab 04's runtime. Prints (medians of several runs):
//   gather_1e6_total_s             gather of 10^6 tasks that each sleep 200 ms, start to finish
//   gather_1e6_rss_bytes_per_task  peak RSS growth / 10^6: the tasks, the loop's queue and timers
//                                  and the gather (not the caller's array of the children's futures)
//   task_lifecycle_ns              create a task, run it to its end on one turn of the loop, free it
//   sleep0_ns                      one `await sleep(0)` round trip (one turn of the loop)
// Python's twin is bench_gather.py. Build: gcc -O2 with solutions/04-gather and its deps.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_measure.h"
#include "clock.h"
#include "coro_task.h"
#include "gather.h"
#include "loop.h"

enum { GATHER_N = 1000000, GATHER_RUNS = 5, LIFECYCLES = 1000000, SLEEPS = 10000000, RUNS = 7 };
#define SLEEP_NS INT64_C(200000000)

// The resident set size now, in bytes (/proc/self/statm's second field, in pages).
static long rss_bytes(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return 0;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
    fclose(f);
    return resident * sysconf(_SC_PAGESIZE);
}

// async def sleeper(i): await asyncio.sleep(0.2); return i
struct sleeper_frame {
    int64_t id;
};

static enum gen_status sleeper(struct gen *g, struct value sent, struct value *out)
{
    struct sleeper_frame *f = g->frame;
    GEN_BEGIN;
    AWAIT_SLEEP(SLEEP_NS);
    GEN_RETURN(value_int(f->id));
    GEN_END;
}

// One gather of GATHER_N sleepers, in a child process so that its peak RSS is its own. Writes
// "seconds bytes_per_task" to fd.
static int gather_once(int fd)
{
    // The caller's array of futures is the caller's: allocated and touched before the count.
    struct future **children = calloc(GATHER_N, sizeof *children);
    if (children == NULL)
        return 1;
    memset(children, 1, GATHER_N * sizeof *children);
    long rss_before = rss_bytes();
    struct loop loop;
    loop_init(&loop, NULL);
    int64_t start = clock_now_ns();
    for (int64_t i = 0; i < GATHER_N; i++) {
        struct sleeper_frame frame = {.id = i};
        struct coro_task *t = coro_task_create(&loop, sleeper, &frame, sizeof frame);
        if (t == NULL)
            return 1;
        children[i] = coro_task_future(t);
    }
    struct gather *g = gather_create(&loop, children, GATHER_N);
    if (g == NULL || loop_run_until_complete(&loop, &g->future) != 0 || future_error(&g->future) != 0)
        return 1;
    double seconds = (double)(clock_now_ns() - start) / 1e9;
    struct rusage use;
    getrusage(RUSAGE_SELF, &use);
    double per_task = ((double)use.ru_maxrss * 1024 - (double)rss_before) / GATHER_N;
    for (size_t i = 0; i < GATHER_N; i++)
        if (gather_result(g, i).as.i != (int64_t)i)
            return 1;
    // Nothing is freed: the child process ends here. (Freeing the caller's array of children
    // during the run would not help: glibc then raises its mmap threshold, and the loop's arrays
    // grow inside the heap, leaving their old copies resident.)
    char line[64];
    int len = snprintf(line, sizeof line, "%.4f %.1f\n", seconds, per_task);
    return write(fd, line, (size_t)len) == len ? 0 : 1;
}

static int bench_gather(double *seconds, double *per_task)
{
    for (int run = 0; run < GATHER_RUNS; run++) {
        int fds[2];
        if (pipe(fds) != 0)
            return -1;
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            _exit(gather_once(fds[1]));
        }
        close(fds[1]);
        char line[64] = "";
        ssize_t got = read(fds[0], line, sizeof line - 1);
        close(fds[0]);
        int status;
        waitpid(pid, &status, 0);
        if (got <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
            sscanf(line, "%lf %lf", &seconds[run], &per_task[run]) != 2) {
            fprintf(stderr, "bench_gather: the gather of 10^6 failed\n");
            return -1;
        }
    }
    return 0;
}

// async def nothing(): return 1
static enum gen_status nothing(struct gen *g, struct value sent, struct value *out)
{
    GEN_BEGIN;
    GEN_RETURN(value_int(1));
    GEN_END;
}

static double bench_lifecycle(void)
{
    struct loop loop;
    loop_init(&loop, NULL);
    int64_t check = 0, start = clock_now_ns();
    for (int i = 0; i < LIFECYCLES; i++) {
        struct coro_task *t = coro_task_create(&loop, nothing, NULL, 0);
        if (t == NULL || loop_run_once(&loop) != 0)
            exit(1);
        check += future_result(coro_task_future(t)).as.i;
        coro_task_free(t);
    }
    double ns = (double)(clock_now_ns() - start) / LIFECYCLES;
    loop_close(&loop);
    return check == LIFECYCLES ? ns : -1;
}

// async def spin(n): for i in range(n): await asyncio.sleep(0)
struct spin_frame {
    int64_t i, n;
};

static enum gen_status spin(struct gen *g, struct value sent, struct value *out)
{
    struct spin_frame *f = g->frame;
    GEN_BEGIN;
    for (f->i = 0; f->i < f->n; f->i++)
        AWAIT_SLEEP(0);
    GEN_RETURN(value_int(f->i));
    GEN_END;
}

static double bench_sleep0(void)
{
    struct loop loop;
    loop_init(&loop, NULL);
    struct spin_frame frame = {.n = SLEEPS};
    struct coro_task *t = coro_task_create(&loop, spin, &frame, sizeof frame);
    int64_t start = clock_now_ns();
    if (t == NULL || loop_run_until_complete(&loop, coro_task_future(t)) != 0)
        exit(1);
    double ns = (double)(clock_now_ns() - start) / SLEEPS;
    coro_task_free(t);
    loop_close(&loop);
    return ns;
}

int main(void)
{
    double seconds[GATHER_RUNS], per_task[GATHER_RUNS], lifecycle[RUNS], sleep0[RUNS];
    if (bench_gather(seconds, per_task) != 0)
        return 1;
    for (int run = 0; run < RUNS; run++) {
        lifecycle[run] = bench_lifecycle();
        sleep0[run] = bench_sleep0();
    }
    fprintf(stderr, "bench_gather: gather of 10^6 sleeps of 200 ms: %d runs; lifecycle and sleep(0): %d runs\n",
            GATHER_RUNS, RUNS);
    printf("gather_1e6_total_s %.3f\n", bench_median(seconds, GATHER_RUNS));
    printf("gather_1e6_rss_bytes_per_task %.1f\n", bench_median(per_task, GATHER_RUNS));
    printf("task_lifecycle_ns %.1f\n", bench_median(lifecycle, RUNS));
    printf("sleep0_ns %.1f\n", bench_median(sleep0, RUNS));
    return 0;
}
