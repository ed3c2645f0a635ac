// future: completing a future schedules its callbacks; it never runs them itself.
#include <errno.h>

#include "clock.h"
#include "future.h"
#include "labtest.h"
#include "looptest.h"

LAB_SUITE(future, 15);

struct seen {
    struct run_log *log;
    int entry;
    struct future *got;
};

static void record(struct future *f, void *arg)
{
    struct seen *s = arg;
    s->got = f;
    log_add(s->log, s->entry);
}

Test(future, callbacks_run_on_the_next_turn_in_the_order_they_were_added)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct run_log log = {0};
    struct future f;
    future_init(&f, &loop);
    struct seen seen[3] = {{&log, 0, NULL}, {&log, 1, NULL}, {&log, 2, NULL}};
    for (int i = 0; i < 3; i++)
        future_add_done_callback(&f, record, &seen[i]);
    cr_assert(!future_done(&f), "a new future is already done");
    int rc = future_set_result(&f, value_int(42));
    cr_assert(rc == 0, "future_set_result returned %d (%s); it should return 0", rc, error_name(rc));
    cr_assert(future_done(&f) && future_result(&f).as.i == 42 && future_error(&f) == 0,
              "after future_set_result(42) the future should be done with result 42 and error 0");
    cr_assert(log.count == 0, "a done callback ran inside future_set_result: it must only be scheduled "
              "(loop_call_soon), so completing a future never re-enters its waiter");
    rc = loop_run_once(&loop);
    cr_assert(rc == 0, "loop_run_once returned %d (%s); it should return 0", rc, error_name(rc));
    expect_log(&log, (int[]){0, 1, 2}, 3, "done callbacks");
    cr_assert(seen[0].got == &f, "a done callback was not given the future that completed");
    rc = future_set_result(&f, value_int(1));
    cr_assert(rc == -EINVAL, "completing a done future again returned %d (%s); it should return -EINVAL", rc,
              error_name(rc));
    rc = future_cancel(&f);
    cr_assert(rc == -EALREADY, "cancelling a done future returned %d (%s); it should return -EALREADY", rc,
              error_name(rc));
    loop_close(&loop);
}

Test(future, an_error_and_a_cancel_complete_a_future)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct future failed, cancelled;
    future_init(&failed, &loop);
    future_init(&cancelled, &loop);
    int rc = future_set_error(&failed, ETIMEDOUT);
    cr_assert(rc == 0, "future_set_error returned %d (%s); it should return 0", rc, error_name(rc));
    cr_assert(future_done(&failed) && future_error(&failed) == ETIMEDOUT && value_is_none(future_result(&failed)),
              "after future_set_error(ETIMEDOUT): done, error ETIMEDOUT, result None");
    rc = future_cancel(&cancelled);
    cr_assert(rc == 0, "future_cancel of a pending future returned %d (%s); it should return 0", rc,
              error_name(rc));
    cr_assert(future_cancelled(&cancelled) && future_error(&cancelled) == ECANCELED,
              "a cancelled future should be done with the error ECANCELED");
    loop_close(&loop);
}
