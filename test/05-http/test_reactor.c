// reactor: a descriptor wakes the loop, a deadline ends the wait, and neither leaves anything
// behind.
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "coro_task.h"
#include "labtest.h"
#include "reactor.h"

LAB_SUITE(reactor, 15);

struct pipe_writer {
    int fd;
};

static void write_a_byte(void *arg)
{
    struct pipe_writer *w = arg;
    cr_assert(write(w->fd, "x", 1) == 1, "write to the pipe: %s", strerror(errno));
}

// async def waiter(fd, deadline): await readable(fd)
struct waiter_frame {
    struct loop *loop;
    int fd;
    int64_t deadline_ns;
    struct fd_wait wait;
    struct value result;
    int error;
};

static enum gen_status waiter(struct gen *g, struct value sent, struct value *out)
{
    struct waiter_frame *f = g->frame;
    GEN_BEGIN;
    f->error = -fd_wait_start(&f->wait, f->loop, f->fd, FD_READABLE, f->deadline_ns);
    if (f->error != 0)
        GEN_RAISE(value_int(f->error));
    AWAIT_TRY(&f->wait.future, f->result, f->error);
    fd_wait_end(&f->wait);
    if (f->error)
        GEN_RAISE(value_int(f->error));
    GEN_RETURN(f->result);
    GEN_END;
}

// Runs a waiter on the read end of a pipe; a timer writes a byte after write_after_ns (< 0:
// never). Returns the task's future error, and the result events in *events, the time in *took,
// the number of polls in *polls.
static int wait_on_pipe(int64_t timeout_ns, int64_t write_after_ns, int64_t *events, int64_t *took, uint64_t *polls)
{
    struct reactor reactor;
    int rc = reactor_init(&reactor);
    cr_assert(rc == 0, "reactor_init returned %d (%s); it should return 0", rc, error_name(rc));
    struct loop loop;
    loop_init(&loop, &reactor.backend);
    int fds[2];
    cr_assert(pipe(fds) == 0, "pipe: %s", strerror(errno));
    struct pipe_writer writer = {.fd = fds[1]};
    if (write_after_ns >= 0)
        loop_call_later(&loop, write_after_ns, write_a_byte, &writer);
    int64_t start = test_now_ns();
    struct waiter_frame frame = {.loop = &loop, .fd = fds[0], .deadline_ns = loop_deadline_ns(&loop, timeout_ns)};
    struct coro_task *t = coro_task_create(&loop, waiter, &frame, sizeof frame);
    cr_assert(t != NULL, "out of memory");
    rc = loop_run_until_complete(&loop, coro_task_future(t));
    cr_assert(rc == 0, "loop_run_until_complete returned %d (%s) (-ENOSYS: the poll step is not written; "
              "-EDEADLK: it thinks nothing can wake it)", rc, error_name(rc));
    *took = test_now_ns() - start;
    *polls = reactor.polls;
    int error = future_error(coro_task_future(t));
    *events = future_result(coro_task_future(t)).as.i;
    struct waiter_frame *f = coro_task_frame(t);
    cr_assert(reactor.registered == 0 && !f->wait.registered, "the wait is over and its descriptor is still "
              "registered with epoll (%zu): take it out (EPOLL_CTL_DEL) when the event comes or the deadline passes",
              reactor.registered);
    cr_assert(f->wait.timer == 0, "the wait is over and its deadline timer is still set: cancel it");
    coro_task_free(t);
    close(fds[0]);
    close(fds[1]);
    loop_close(&loop);
    reactor_close(&reactor);
    return error;
}

Test(reactor, a_readable_descriptor_wakes_its_waiter_before_the_deadline)
{
    const int64_t d = scaled_ms(50);
    int64_t events, took;
    uint64_t polls;
    int error = wait_on_pipe(20 * d * NS_PER_MS, d * NS_PER_MS, &events, &took, &polls);
    cr_assert(error == 0, "waiting for a pipe that gets a byte after %lld ms failed: %s", (long long)d,
              strerror(error));
    cr_assert(events & FD_READABLE, "the wait completed with events %lld, without FD_READABLE", (long long)events);
    cr_assert(took >= d * NS_PER_MS && took < 10 * d * NS_PER_MS, "the byte came after %lld ms and the waiter woke "
              "after %.1f ms", (long long)d, ns_as_ms(took));
}

Test(reactor, a_deadline_ends_the_wait_with_etimedout_and_never_early)
{
    const int64_t d = scaled_ms(60);
    int64_t events, took;
    uint64_t polls;
    int64_t cpu_before = test_cpu_ns();
    int error = wait_on_pipe(d * NS_PER_MS + 300000, -1, &events, &took, &polls); // not a whole millisecond
    int64_t cpu = test_cpu_ns() - cpu_before;
    cr_assert(error == ETIMEDOUT, "a wait on a silent pipe with a deadline ended with %s, not ETIMEDOUT",
              strerror(error));
    cr_assert(took >= d * NS_PER_MS + 300000, "the deadline was %lld.3 ms and the wait ended after %.3f ms: round "
              "epoll_wait's timeout UP to whole milliseconds", (long long)d, ns_as_ms(took));
    cr_assert(took < 4 * d * NS_PER_MS, "the deadline was %lld ms and the wait ended after %.1f ms", (long long)d,
              ns_as_ms(took));
    // Start, wait, time out, wake the task, stop: a handful of turns. A timeout rounded down
    // wakes 0.3 ms early and then polls with a timeout of 0 until the deadline.
    cr_assert(polls <= 10, "waiting once for a deadline took %llu polls, not a handful: epoll_wait woke before the "
              "timer was due and the loop spun until it was. Round the timeout UP to whole milliseconds",
              (unsigned long long)polls);
    // The poll step itself never returns before its timeout, where the nanoseconds fall just short
    // of a whole millisecond (a timeout rounded down would end each of these about 1 ms early).
    struct reactor reactor;
    int rc = reactor_init(&reactor);
    cr_assert(rc == 0, "reactor_init returned %d (%s); it should return 0", rc, error_name(rc));
    struct loop loop;
    loop_init(&loop, &reactor.backend);
    for (int i = 0; i < 20; i++) {
        const int64_t timeout_ns = 1999000;
        int64_t start = test_now_ns();
        rc = reactor.backend.poll(&reactor.backend, &loop, timeout_ns);
        cr_assert(rc == 0, "reactor_poll with a timeout of 1.999 ms returned %d (%s); it should return 0", rc,
                  error_name(rc));
        int64_t waited = test_now_ns() - start;
        cr_assert(waited >= timeout_ns, "reactor_poll with a timeout of 1.999 ms returned after %.3f ms: round "
                  "epoll_wait's timeout UP to whole milliseconds", ns_as_ms(waited));
    }
    loop_close(&loop);
    reactor_close(&reactor);
    cr_assert(cpu * 5 < took, "waiting %.1f ms for a silent pipe used %.1f ms of CPU: the poll step spins "
              "(a timeout rounded down to 0?)", ns_as_ms(took), ns_as_ms(cpu));
}
