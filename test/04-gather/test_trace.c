// trace: the runtime writes what its tasks did as Chrome trace-event JSON.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "labtest.h"
#include "looptest.h"
#include "trace.h"

LAB_SUITE(trace, 15);

// How many times needle occurs in text.
static int count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

Test(trace, records_each_task_running_awaiting_waking_and_finishing)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    cr_assert(out != NULL, "open_memstream failed");
    struct trace trace;
    trace_start(&loop, &trace, out);
    struct coro_task *tasks[2] = {make_sleeper(&loop, 0, 10 * NS_PER_MS, NULL),
                                  make_sleeper(&loop, 1, 20 * NS_PER_MS, NULL)};
    run_until_done(&loop, &tasks[1]->future);
    int rc = trace_stop(&loop);
    cr_assert(rc == 0, "trace_stop returned %d (%s); it should return 0", rc, error_name(rc));
    fclose(out);
    cr_assert(strncmp(text, "{\"traceEvents\": [", 17) == 0 && strstr(text, "]") != NULL,
              "the trace is not a Chrome trace-event document: %.80s", text);
    // Each sleeper: created, runs twice (start, after the sleep), awaits once, wakes once, finishes.
    cr_assert(count(text, "\"thread_name\"") == 2 && count(text, "\"name\": \"run\"") == 4 &&
              count(text, "\"name\": \"await\"") == 2 && count(text, "\"name\": \"wake\"") == 2 &&
              count(text, "\"name\": \"finish\"") == 2, "the trace of two sleepers should name 2 tasks and hold 4 "
              "runs, 2 awaits, 2 wakes and 2 finishes; it was:\n%s", text);
    cr_assert(strstr(text, "\"ts\": 20000.000") != NULL, "no event at 20 ms (the second sleeper's wakeup, in "
              "microseconds of the loop's clock):\n%s", text);
    free(text);
    free_tasks(tasks, 2);
    loop_close(&loop);
}
