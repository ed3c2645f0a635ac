// hub: greenlets that look blocking - green_sleep, green_wait - run concurrently on the hub.
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hub.h"
#include "labtest.h"

LAB_SUITE(hub, 20);

static int64_t nap_ns;

// Sleeps nap_ns and returns when it woke.
static int sleeper(void *arg, void **result)
{
    (void)arg;
    int rc = green_sleep(nap_ns);
    *result = (void *)(intptr_t)test_now_ns();
    return rc;
}

Test(hub, a_hundred_greenlets_sleeping_d_finish_in_d_to_one_and_a_half_d)
{
    struct hub hub;
    int rc = hub_init(&hub);
    cr_assert(rc == 0, "hub_init returned %s", error_name(rc));
    nap_ns = scaled_ms(200) * 1000000;
    enum { N = 100 };
    struct green_task *tasks[N];
    void *woke[N];
    int64_t cpu0 = test_cpu_ns(), t0 = test_now_ns();
    for (int i = 0; i < N; i++) {
        tasks[i] = green_spawn(sleeper, NULL);
        cr_assert(tasks[i] != NULL, "green_spawn failed: %s", strerror(errno));
    }
    rc = green_joinall(tasks, N, woke);
    int64_t elapsed = test_now_ns() - t0, cpu = test_cpu_ns() - cpu0;
    cr_assert(rc == 0, "a sleeper's green_sleep returned %s", error_name(rc));
    for (int i = 0; i < N; i++)
        cr_assert((int64_t)(intptr_t)woke[i] - t0 >= nap_ns,
                  "sleeper %d woke after %.1f ms; it slept %.1f ms: green_sleep must never return early", i,
                  ns_as_ms((int64_t)(intptr_t)woke[i] - t0), ns_as_ms(nap_ns));
    cr_assert(elapsed < nap_ns * 3 / 2,
              "100 greenlets each sleeping %.1f ms took %.1f ms together: they must sleep at the same time "
              "(green_sleep sets a timer and switches to the hub; it must not block the thread)",
              ns_as_ms(nap_ns), ns_as_ms(elapsed));
    cr_assert(cpu < nap_ns / 4,
              "the sleepers used %.1f ms of CPU in %.1f ms: the hub must block in the reactor until the "
              "first timer, not spin", ns_as_ms(cpu), ns_as_ms(elapsed));
    for (int i = 0; i < N; i++)
        green_task_free(tasks[i]);
    hub_close(&hub);
}

static int wait_fd;

// Waits for wait_fd to turn readable within 5 s, then reads one byte.
static int reader(void *arg, void **result)
{
    (void)arg;
    int rc = green_wait(wait_fd, FD_READABLE, scaled_ms(5000) * 1000000);
    char c = 0;
    if (rc == 0 && read(wait_fd, &c, 1) != 1)
        rc = -EIO;
    *result = (void *)(intptr_t)c;
    return rc;
}

// Writes one byte to the other end after a short sleep.
static int writer(void *arg, void **result)
{
    int fd = (int)(intptr_t)arg;
    int rc = green_sleep(scaled_ms(20) * 1000000);
    if (rc == 0 && write(fd, "g", 1) != 1)
        rc = -EIO;
    *result = NULL;
    return rc;
}

// Waits with a timeout on a descriptor nobody writes to.
static int waits_in_vain(void *arg, void **result)
{
    int fd = (int)(intptr_t)arg;
    *result = (void *)(intptr_t)test_now_ns();
    int rc = green_wait(fd, FD_READABLE, scaled_ms(100) * 1000000);
    *result = (void *)(intptr_t)(test_now_ns() - (intptr_t)*result);
    return rc;
}

Test(hub, green_wait_wakes_on_readiness_and_times_out_alone)
{
    struct hub hub;
    int rc = hub_init(&hub);
    cr_assert(rc == 0, "hub_init returned %s", error_name(rc));
    int pair[2], quiet[2];
    cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0 && socketpair(AF_UNIX, SOCK_STREAM, 0, quiet) == 0);
    wait_fd = pair[0];
    struct green_task *t[3] = {green_spawn(reader, NULL), green_spawn(writer, (void *)(intptr_t)pair[1]),
                               green_spawn(waits_in_vain, (void *)(intptr_t)quiet[0])};
    cr_assert(t[0] && t[1] && t[2], "green_spawn failed: %s", strerror(errno));
    void *got;
    rc = green_join(t[0], &got);
    cr_assert(rc == 0 && (intptr_t)got == 'g',
              "a greenlet in green_wait(FD_READABLE) on a socket another greenlet writes to after 20 ms "
              "returned %s and read %d: it should wake and read 'g'", error_name(rc), (int)(intptr_t)got);
    cr_assert(green_join(t[1], NULL) == 0, "the writer failed");
    rc = green_join(t[2], &got);
    cr_assert(rc == -ETIMEDOUT, "green_wait on a socket nobody writes to, with a 100 ms timeout, returned %s; "
              "expected -ETIMEDOUT", error_name(rc));
    int64_t waited = (int64_t)(intptr_t)t[2]->result; // a failed join leaves got alone
    cr_assert(waited >= scaled_ms(100) * 1000000, "green_wait timed out after %.1f ms, before its 100 ms",
              ns_as_ms(waited));
    for (int i = 0; i < 3; i++)
        green_task_free(t[i]);
    close(pair[0]), close(pair[1]), close(quiet[0]), close(quiet[1]);
    hub_close(&hub);
}
