// hub: gevent's idea - one greenlet, the hub, runs lab 04's loop on lab 05's reactor; every
// other greenlet that would block switches to the hub instead, and the hub switches back
// when the timer fires or the descriptor is ready. To its caller green_sleep looks like
// sleep and green_wait like poll: nothing says `await`.
//
//     struct hub hub;
//     hub_init(&hub);                        // this thread's hub, run by the main greenlet
//     struct green_task *t = green_spawn(fn, arg);
//     green_join(t, &result);                // main, too, waits by switching to the hub
//     green_task_free(t);
//     hub_close(&hub);
#ifndef HUB_H
#define HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "greenlet.h"
#include "loop.h"
#include "reactor.h"

// [hub]
struct hub {
    struct reactor reactor;
    struct loop loop;
    struct greenlet *greenlet; // runs the loop, turn after turn
};

// A greenlet started by green_spawn, and what it came to.
struct green_task {
    struct greenlet *greenlet;
    greenlet_fn *fn;
    void *arg;
    bool done;
    int error;     // fn's: 0 or a negative errno
    void *result;
    struct greenlet *joiner; // waiting in green_join, or NULL
};
// [/hub]

// [functions]
// Makes h this thread's hub (one at a time). 0, or a negative errno.
int hub_init(struct hub *h);
// Closes the hub; every task must be over (its greenlets are not freed here).
void hub_close(struct hub *h);
// This thread's hub, or NULL; and whether the running greenlet may wait on it (any greenlet
// but the hub itself).
struct hub *hub_current(void);
bool hub_can_wait(void);

// Sleeps ns nanoseconds (< 0: 0) by switching to the hub. 0, or a negative errno.
int green_sleep(int64_t ns);
// Waits until fd is ready for what (FD_READABLE, FD_WRITABLE) or timeout_ns passes
// (-1: no timeout): 0, -ETIMEDOUT, or another negative errno.
int green_wait(int fd, enum fd_ready what, int64_t timeout_ns);

// Starts fn(arg) in a new greenlet on the next turn of the hub. NULL with errno if not.
struct green_task *green_spawn(greenlet_fn *fn, void *arg);
// Waits until t is done: fn's error, or 0 with *result (result may be NULL).
int green_join(struct green_task *t, void **result);
// Joins n tasks in order: results[i] is task i's; returns the first error met, or 0.
int green_joinall(struct green_task **t, size_t n, void **results);
void green_task_free(struct green_task *t);
// [/functions]

#endif
