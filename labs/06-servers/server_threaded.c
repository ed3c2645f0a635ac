// The threaded server: a thread per connection, at most cfg->max_threads at once.
#define _GNU_SOURCE // accept4: the accepted socket gets its flags in the same call
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

// [threaded_state]
// What the accepting thread and the connection threads share, under lock.
struct threaded_server {
    pthread_mutex_t lock;
    pthread_cond_t changed;  // a connection thread finished; timed waits on
                             // CLOCK_MONOTONIC
    const struct server_config *cfg;
    int stop_fd;
    int threads_stop[2];     // a pipe written once accepting ends, for any reason: the
                             // connection threads' stop, so idle ones close then
    int active;              // connection threads running now
    struct server_stats stats;
};

struct connection_thread {
    struct threaded_server *server;
    int fd;
};
// [/threaded_state]

static void *connection_thread_main(void *arg)
{
    struct connection_thread *c = arg;
    struct threaded_server *s = c->server;
    long answered = server_serve_connection(c->fd, s->threads_stop[0], s->cfg, true);
    free(c);
    pthread_mutex_lock(&s->lock);
    s->stats.requests += answered;
    s->active--;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

// Waits until listen_fd or stop_fd is readable. 1: a connection waits; 0: stop; or a
// negative errno.
static int wait_for_connection(int listen_fd, int stop_fd)
{
    for (;;) {
        struct pollfd fds[2] = {{.fd = listen_fd, .events = POLLIN},
                                {.fd = stop_fd, .events = POLLIN}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (fds[1].revents != 0)
            return fds[1].revents & POLLNVAL ? -EBADF : 0;
        if (fds[0].revents != 0)
            return 1;
    }
}

// Out of descriptors or memory: no accept for a while, unless a stop comes first.
static void accept_pause(int stop_fd)
{
    struct pollfd stop = {.fd = stop_fd, .events = POLLIN};
    poll(&stop, 1, SERVER_ACCEPT_PAUSE_MS);
}

// Whether a stop came: 1 yes, 0 not yet, or a negative errno (-EBADF: stop_fd is no
// open descriptor, as wait_for_connection says too).
static int stop_requested(int stop_fd)
{
    struct pollfd stop = {.fd = stop_fd, .events = POLLIN};
    int n = poll(&stop, 1, 0);
    if (n < 0)
        return errno == EINTR ? 0 : -errno;
    if (n == 0)
        return 0;
    return stop.revents & POLLNVAL ? -EBADF : 1;
}

// Waits until fewer than max_threads connections are served. 1: a slot is free; 0:
// stop; or a negative errno. A stop must not wait for a busy connection to end, nor
// let the server accept another one once it does. But a condition variable cannot
// wait for a descriptor too, and the caller who writes the stop cannot signal
// s->changed: waking at once would take a second channel beside it (a pipe that every
// ending thread writes, polled with stop_fd). The wait looks at stop_fd every 10 ms
// instead, which delays a stop by 10 ms at most, and only while every slot is busy.
static int wait_for_slot(struct threaded_server *s)
{
    int rc = 1;
    pthread_mutex_lock(&s->lock);
    while (s->active >= s->cfg->max_threads) {
        int stop = stop_requested(s->stop_fd);
        if (stop != 0) {
            rc = stop > 0 ? 0 : stop;
            break;
        }
        // On CLOCK_MONOTONIC, the clock s->changed was made with: on the wall clock,
        // a clock set back would stretch one step, and so a stop, by as much.
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += 10 * 1000000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&s->changed, &s->lock, &until);
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

// A condition variable whose timed waits count on CLOCK_MONOTONIC. Returns 0 or an
// errno value, as pthread_cond_init does.
static int monotonic_cond_init(pthread_cond_t *cond)
{
    pthread_condattr_t attr;
    int rc = pthread_condattr_init(&attr);
    if (rc != 0)
        return rc;
    rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (rc == 0)
        rc = pthread_cond_init(cond, &attr);
    pthread_condattr_destroy(&attr);
    return rc;
}

// [threaded_run]
int server_threaded_run(int listen_fd, int stop_fd, const struct server_config *cfg,
                        struct server_stats *stats)
{
    if (cfg->max_threads < 1)
        return -EINVAL;
    struct threaded_server s = {.lock = PTHREAD_MUTEX_INITIALIZER, .cfg = cfg,
                                .stop_fd = stop_fd};
    int rc = monotonic_cond_init(&s.changed);
    if (rc != 0)
        return -rc;
    pthread_attr_t attr;
    rc = pthread_attr_init(&attr);
    if (rc != 0) {
        pthread_cond_destroy(&s.changed);
        return -rc;
    }
    // 256 KiB stacks: 8 MiB by default, and address space for a thousand threads is
    // not free.
    rc = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (rc == 0)
        rc = pthread_attr_setstacksize(&attr, 256 * 1024);
    if (rc == 0 && pipe2(s.threads_stop, O_CLOEXEC) != 0)
        rc = errno;
    if (rc != 0) {
        pthread_attr_destroy(&attr);
        pthread_cond_destroy(&s.changed);
        return -rc;
    }
    // TODO(lab 06): serve each connection on a thread of its own, at most max_threads
    // at once (counted in s); end on a stop, even in a slot wait, or on an error.
    // Chapter 6, "A thread per connection"; hints: #hints-threaded-run.
    (void)wait_for_connection, (void)wait_for_slot, (void)accept_pause,
        (void)connection_thread_main, (void)listen_fd;

    // Stopping, or an error: the threads finish what they serve (idle ones see
    // threads_stop) before s, which they point at, goes.
    while (write(s.threads_stop[1], "", 1) < 0 && errno == EINTR)
        continue;
    pthread_mutex_lock(&s.lock);
    while (s.active > 0)
        pthread_cond_wait(&s.changed, &s.lock);
    pthread_mutex_unlock(&s.lock);
    pthread_attr_destroy(&attr);
    close(s.threads_stop[0]);
    close(s.threads_stop[1]);
    pthread_cond_destroy(&s.changed);
    pthread_mutex_destroy(&s.lock);
    if (stats != NULL)
        *stats = s.stats;
    return rc;
}
// [/threaded_run]
