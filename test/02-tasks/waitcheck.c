#include "waitcheck.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "labtest.h"

enum { MAX_TASKS = 1000 };

struct run {
    struct task tasks[MAX_TASKS];
    int64_t results[MAX_TASKS];
    size_t order[MAX_TASKS];
    int64_t start_ns;  // test clock, just before the first task_start
    int64_t took_ns;   // test clock, from start_ns to the loop's return
};

// Starts tasks[i] with durations_ms[i] and VALUE_OF(i), waits with w, and checks what every
// test needs: success, every task ready, finish_order a permutation, deadlines set right.
static struct run *start_and_wait(struct waiter w, size_t n, const int64_t durations_ms[])
{
    struct run *r = calloc(1, sizeof *r);
    cr_assert(r != NULL && n <= MAX_TASKS);
    for (size_t i = 0; i < n; i++)
        r->results[i] = -1, r->order[i] = (size_t)-1;
    r->start_ns = test_now_ns();
    for (size_t i = 0; i < n; i++) {
        int rc = task_start(&r->tasks[i], (int)i, durations_ms[i], VALUE_OF(i));
        cr_assert(rc == 0, "task_start(&task, %zu, %lld, ...) returned %d (%s); it should return 0", i,
                  (long long)durations_ms[i], rc, error_name(rc));
        cr_assert(!r->tasks[i].ready, "task %zu is ready straight after task_start, %lld ms before its deadline",
                  i, (long long)durations_ms[i]);
    }
    int rc = w.wait(r->tasks, n, r->results, r->order);
    int64_t returned_ns = test_now_ns();
    r->took_ns = returned_ns - r->start_ns;
    cr_assert(rc == 0, "%s(tasks, %zu, ...) returned %d (%s); it should return 0", w.name, n, rc, error_name(rc));
    bool seen[MAX_TASKS] = {false};
    for (size_t k = 0; k < n; k++) {
        size_t i = r->order[k];
        cr_assert(i < n && !seen[i], "%s: finish_order[%zu] is %lld: finish_order must list each index 0..%zu "
                  "exactly once, in the order the tasks finished", w.name, k, (long long)i, n - 1);
        seen[i] = true;
        cr_assert(r->tasks[i].ready, "%s returned, but task %zu is not ready", w.name, i);
        cr_assert(r->tasks[i].finished_ns <= returned_ns, "%s: task %zu has finished_ns %.3f ms after the loop "
                  "returned: pass task_run a clock_now_ns() reading, not a made-up time", w.name, i,
                  ns_as_ms(r->tasks[i].finished_ns - returned_ns));
        int64_t asked_ns = durations_ms[i] * 1000000;
        cr_assert(r->tasks[i].deadline_ns - r->start_ns >= asked_ns,
                  "task %zu was started for %lld ms but its deadline_ns is only %.3f ms after the test's clock "
                  "read before task_start: deadline_ns = clock_now_ns() + duration in nanoseconds", i,
                  (long long)durations_ms[i], ns_as_ms(r->tasks[i].deadline_ns - r->start_ns));
    }
    return r;
}

void check_ten_tasks_of_d(struct waiter w)
{
    enum { N = 10 };
    const int64_t d = scaled_ms(200);
    int64_t durations[N];
    for (int i = 0; i < N; i++)
        durations[i] = d;
    struct run *r = start_and_wait(w, N, durations);
    cr_assert(r->took_ns >= d * 1000000, "%s: %d tasks of %lld ms were all done after %.1f ms: that is early - "
              "does task_run compare now_ns with the deadline, and is now_ns a fresh clock_now_ns() reading?",
              w.name, N, (long long)d, ns_as_ms(r->took_ns));
    cr_assert(r->took_ns < (d + d / 2) * 1000000,
              "%s: %d tasks of %lld ms took %.1f ms: waited together they take about %lld ms (one after another "
              "they would take %lld ms). Does something block while other tasks could finish?", w.name, N,
              (long long)d, ns_as_ms(r->took_ns), (long long)d, (long long)(N * d));
    free(r);
}

// Checks that the tasks finished in deadline order. Where a polling loop may list tasks in array
// order (see exact_order), it must still have seen them in the order it lists them, and may only
// list a later deadline first if the earlier one was already due when it saw the later one.
static void check_finish_order(struct waiter w, const struct run *r, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        const struct task *first = &r->tasks[r->order[k - 1]], *then = &r->tasks[r->order[k]];
        cr_assert(then->finished_ns >= first->finished_ns, "%s: finish_order lists task %d before task %d, but "
                  "task %d's finished_ns is earlier: list tasks in the order task_run saw them finish", w.name,
                  first->id, then->id, then->id);
        if (then->deadline_ns >= first->deadline_ns)
            continue;
        bool excused = !w.exact_order && then->deadline_ns <= first->finished_ns;
        cr_assert(excused, "%s: task %d (deadline %.1f ms after the first start) finished after task %d (deadline "
                  "%.1f ms): tasks must finish in deadline order%s", w.name, then->id,
                  ns_as_ms(then->deadline_ns - r->start_ns), first->id, ns_as_ms(first->deadline_ns - r->start_ns),
                  w.exact_order ? ". Does the loop always take the earliest deadline from the heap?" : "");
    }
}

void check_submission_order(struct waiter w)
{
    enum { N = 6 };
    const int64_t step = scaled_ms(30);
    int64_t durations[N];
    for (int i = 0; i < N; i++)
        durations[i] = (N - i) * step;  // the last submitted finishes first
    struct run *r = start_and_wait(w, N, durations);
    for (int i = 0; i < N; i++)
        cr_assert(r->results[i] == VALUE_OF(i),
                  "%s: results[%d] is %lld, but task %d's result is %lld: results[i] must hold tasks[i]'s result "
                  "(submission order), whatever order the tasks finished in", w.name, i, (long long)r->results[i],
                  i, (long long)VALUE_OF(i));
    check_finish_order(w, r, N);
    free(r);
}

void check_deadline_order(struct waiter w)
{
    enum { N = 5 };
    const int64_t step = scaled_ms(30);
    const int64_t durations[N] = {4 * step, 1 * step, 5 * step, 2 * step, 3 * step};
    struct run *r = start_and_wait(w, N, durations);
    check_finish_order(w, r, N);
    cr_assert(r->took_ns >= 5 * step * 1000000, "%s returned after %.1f ms, before the last deadline (%lld ms)",
              w.name, ns_as_ms(r->took_ns), (long long)(5 * step));
    free(r);
}

void check_never_early(struct waiter w)
{
    enum { N = 1000 };
    const int64_t longest = scaled_ms(60);
    int64_t durations[N];
    unsigned seed = 12345;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        durations[i] = (int64_t)(seed >> 16) % (longest + 1);
    }
    durations[N / 2] = longest;
    struct run *r = start_and_wait(w, N, durations);
    for (int i = 0; i < N; i++) {
        const struct task *t = &r->tasks[i];
        cr_assert(t->finished_ns >= t->deadline_ns, "%s: task %d (%lld ms) has finished_ns %.3f ms before its "
                  "deadline_ns: a task is done only once now_ns >= deadline_ns", w.name, i,
                  (long long)durations[i], ns_as_ms(t->deadline_ns - t->finished_ns));
        cr_assert(r->results[i] == VALUE_OF(i), "%s: results[%d] is %lld, expected %lld", w.name, i,
                  (long long)r->results[i], (long long)VALUE_OF(i));
    }
    cr_assert(r->took_ns >= longest * 1000000, "%s returned after %.1f ms, before the longest task (%lld ms) could "
              "be done", w.name, ns_as_ms(r->took_ns), (long long)longest);
    free(r);
}

void check_rejects_bad_arguments(struct waiter w)
{
    enum { N = 3 };
    struct task tasks[N];
    int64_t results[N] = {-1, -1, -1};
    for (int i = 0; i < N; i++) {
        int rc = task_start(&tasks[i], i, 0, VALUE_OF(i));
        cr_assert(rc == 0, "task_start(&task, %d, 0, ...) returned %d (%s): this test of %s needs task_start "
                  "(test_task_run.c) to work first", i, rc, error_name(rc), w.name);
    }
    int rc = w.wait(NULL, N, results, NULL);
    cr_assert(rc == -EINVAL, "%s(NULL, %d, results, NULL) returned %d (%s); with no tasks array it should return "
              "-EINVAL before touching anything", w.name, N, rc, error_name(rc));
    rc = w.wait(tasks, N, NULL, NULL);
    cr_assert(rc == -EINVAL, "%s(tasks, %d, NULL, NULL) returned %d (%s); with nowhere to put the results it "
              "should return -EINVAL", w.name, N, rc, error_name(rc));
    rc = w.wait(NULL, 0, NULL, NULL);
    cr_assert(rc == 0, "%s(NULL, 0, NULL, NULL) returned %d (%s): zero tasks are all done at once, so it "
              "should return 0 (NULL arrays are an error only when n > 0)", w.name, rc, error_name(rc));
    // Task 1 was waited on before (as task_run leaves a task it saw done): not fresh from task_start.
    tasks[1].ready = true, tasks[1].result = tasks[1].value, tasks[1].finished_ns = tasks[1].deadline_ns;
    rc = w.wait(tasks, N, results, NULL);
    cr_assert(rc == -EINVAL, "%s(tasks, %d, ...) with tasks[1] ready already returned %d (%s); it should return "
              "-EINVAL (see pollwait.h: a ready task was waited on before, and the busy loop would never see "
              "it finish)", w.name, N, rc, error_name(rc));
    for (int i = 0; i < N; i++)
        cr_assert(results[i] == -1, "%s wrote results[%d] although it rejected its arguments: check them "
                  "before doing anything", w.name, i);
    cr_assert(!tasks[0].ready && !tasks[2].ready, "%s ran tasks although it rejected its arguments: check "
              "every task before running any", w.name);
}
