// async_semaphore: waiting for a slot can time out, and the queue stays fair afterwards. The
// semaphore needs only the loop's timers and futures, so it runs here on a virtual clock:
// every time below is exact, whatever the machine's load.
#include <errno.h>
#include <string.h>

#include "async_semaphore.h"
#include "clock.h"
#include "coro_task.h"
#include "labtest.h"
#include "loop.h"
#include "vclock.h"

LAB_SUITE(async_semaphore, 15);

// What happened to one user of the semaphore, in ms after the start.
struct slot_record {
    const char *name;
    int64_t granted_ms;   // when it got the slot, or -1
    int64_t failed_ms;    // when its wait failed, or -1
    int error;            // why (0: it did not fail)
    int grants;           // how many times it was handed the slot
};

// The slot's holders now, and the most there ever were.
struct holders {
    int now, max;
};

// async def use_slot(sem, start, deadline, hold): await sleep(start); async with sem: await sleep(hold)
struct slot_user_frame {
    struct async_semaphore *sem;
    int64_t t0_ns, start_ns, deadline_ns, hold_ns; // deadline_ns < 0: none
    struct slot_record *record;
    struct holders *holders;
    struct semaphore_waiter waiter;
    struct value result;
    int error;
};

static int64_t ms_since(const struct slot_user_frame *f)
{
    return (loop_now_ns(f->sem->loop) - f->t0_ns) / NS_PER_MS;
}

static enum gen_status slot_user(struct gen *g, struct value sent, struct value *out)
{
    struct slot_user_frame *f = g->frame;
    GEN_BEGIN;
    if (f->start_ns > 0)
        AWAIT_SLEEP(f->start_ns);
    f->record->error = -async_semaphore_acquire(f->sem, &f->waiter, f->deadline_ns);
    if (f->record->error != 0) {
        f->record->failed_ms = ms_since(f);
        GEN_RAISE(value_int(f->record->error));
    }
    AWAIT_TRY(&f->waiter.future, f->result, f->error);
    if (f->error != 0) {
        f->record->error = f->error;
        f->record->failed_ms = ms_since(f);
        async_semaphore_give_up(&f->waiter);
        GEN_RAISE(value_int(f->error));
    }
    f->record->grants++;
    f->record->granted_ms = ms_since(f);
    if (++f->holders->now > f->holders->max)
        f->holders->max = f->holders->now;
    AWAIT_SLEEP(f->hold_ns);
    f->holders->now--;
    async_semaphore_release(f->sem);
    GEN_RETURN(value_none());
    GEN_END;
}

Test(async_semaphore, a_wait_for_a_slot_times_out_at_its_deadline_and_leaves_the_queue)
{
    struct vclock clock;
    struct loop loop;
    vclock_loop_init(&loop, &clock);
    struct async_semaphore sem;
    async_semaphore_init(&sem, &loop, 1);
    const int64_t t0 = clock.now_ns, ms = NS_PER_MS;

    // A holds the only slot for 100 ms. B, C and D queue behind it at once, in that order: B gives
    // up at 30 ms, C waits as long as it takes, D until 300 ms. E comes at 120 ms, while C holds
    // the slot: it must queue behind D rather than take a slot nobody gave back.
    enum { A, B, C, D, E, USERS };
    struct slot_record records[USERS] = {
        {"A", -1, -1, 0, 0}, {"B", -1, -1, 0, 0}, {"C", -1, -1, 0, 0}, {"D", -1, -1, 0, 0}, {"E", -1, -1, 0, 0},
    };
    struct holders holders = {0, 0};
    const int64_t start_ms[USERS] = {0, 0, 0, 0, 120};
    const int64_t deadline_ms[USERS] = {-1, 30, -1, 300, -1};
    const int64_t hold_ms[USERS] = {100, 10, 50, 50, 10};
    struct coro_task *tasks[USERS];
    for (int i = 0; i < USERS; i++) {
        struct slot_user_frame frame = {
            .sem = &sem,
            .t0_ns = t0,
            .start_ns = start_ms[i] * ms,
            .deadline_ns = deadline_ms[i] < 0 ? -1 : t0 + deadline_ms[i] * ms,
            .hold_ns = hold_ms[i] * ms,
            .record = &records[i],
            .holders = &holders,
        };
        tasks[i] = coro_task_create(&loop, slot_user, &frame, sizeof frame);
        cr_assert(tasks[i] != NULL, "coro_task_create returned NULL (out of memory)");
    }
    for (int i = 0; i < USERS; i++) {
        int rc = loop_run_until_complete(&loop, coro_task_future(tasks[i]));
        cr_assert(rc == 0, "%s never finished (the loop stopped: %d, %s). Records: A got the slot at %lld ms; B %s at "
                  "%lld ms; C got it at %lld ms, D at %lld ms. A slot given back must go to the oldest waiter "
                  "still queued (async_semaphore_release); one whose wait timed out has left the queue",
                  records[i].name, rc, error_name(rc), (long long)records[A].granted_ms,
                  records[B].error ? strerror(records[B].error) : "got the slot",
                  (long long)(records[B].error ? records[B].failed_ms : records[B].granted_ms),
                  (long long)records[C].granted_ms, (long long)records[D].granted_ms);
    }
    while (true) { // the futures' done callbacks run a turn later; then the tasks can be freed
        bool pending = false;
        for (int i = 0; i < USERS; i++)
            pending = pending || future_callbacks_pending(coro_task_future(tasks[i]));
        if (!pending)
            break;
        int rc = loop_run_once(&loop);
        cr_assert(rc == 0, "loop_run_once returned %d (%s); it should return 0", rc, error_name(rc));
    }
    for (int i = 0; i < USERS; i++)
        cr_assert(coro_task_free(tasks[i]) == 0, "could not free task %s", records[i].name);
    loop_close(&loop);

    for (int i = 0; i < USERS; i++)
        cr_assert(i == B || records[i].error == 0, "%s's wait for a slot failed at %lld ms: %s (ENOSYS: "
                  "async_semaphore_acquire is not written yet)", records[i].name, (long long)records[i].failed_ms,
                  strerror(records[i].error));
    cr_assert(records[A].granted_ms == 0, "A asked for a free slot and got it at %lld ms, not at once: with a slot "
              "free and nobody waiting, acquire completes the future at once", (long long)records[A].granted_ms);
    cr_assert(records[B].grants == 0, "B waited with a deadline of 30 ms and got the slot at %lld ms: with a "
              "deadline, acquire must set a timer at that time (loop_call_at with waiter_timed_out)",
              (long long)records[B].granted_ms);
    cr_assert(records[B].error == ETIMEDOUT, "B's wait with a deadline of 30 ms ended with %s, not ETIMEDOUT",
              strerror(records[B].error));
    cr_assert(records[B].failed_ms >= 30, "B's wait with a deadline of 30 ms timed out early, at %lld ms",
              (long long)records[B].failed_ms);
    cr_assert(records[B].failed_ms == 30, "B's wait with a deadline of 30 ms timed out at %lld ms, not at its "
              "deadline: the timer takes the deadline as an absolute time (loop_call_at)",
              (long long)records[B].failed_ms);
    cr_assert(records[C].granted_ms == 100, "C got the slot at %lld ms, not at 100 ms when A gave it back: a slot "
              "given back goes to the oldest waiter still queued (first come, first served), and that is C, since "
              "B left the queue when its wait timed out", (long long)records[C].granted_ms);
    cr_assert(records[D].granted_ms == 150 && records[E].granted_ms == 200, "D (queued at 0 ms) got the slot at %lld "
              "ms and E (queued at 120 ms) at %lld ms, not at 150 and 200 ms: waiters are served first come, "
              "first served, and a newcomer waits behind them (a release hands the slot over directly; the free "
              "count stays 0)", (long long)records[D].granted_ms, (long long)records[E].granted_ms);
    for (int i = 0; i < USERS; i++)
        cr_assert(records[i].grants <= 1, "%s was handed the slot %d times for one acquire", records[i].name,
                  records[i].grants);
    cr_assert(holders.max == 1, "%d users held the slot of a semaphore with one slot at the same time", holders.max);
    const char *queue_left = sem.head || sem.tail ? ", and its queue is not empty" : "";
    cr_assert(sem.free == 1 && sem.waiting == 0 && sem.head == NULL && sem.tail == NULL, "after everyone gave "
              "their slot back the semaphore has %zu free slots (not 1) and %zu waiters (not 0)%s: a release "
              "that hands the slot to a waiter leaves the free count as it is; only a release with nobody "
              "waiting adds a free slot", sem.free, sem.waiting, queue_left);
}
