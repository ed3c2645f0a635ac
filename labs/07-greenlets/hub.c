// hub: the scheduler greenlet and what waits on it (see hub.h).
#include "hub.h"

#include <errno.h>
#include <stdlib.h>

static _Thread_local struct hub *the_hub;

// The hub's own function: turns of the loop, forever. It ends only if a turn fails
// (-EDEADLK: everyone waits and nothing can wake them), and that error reaches the
// greenlet that made the hub, in its pending switch.
static int run_hub(void *arg, void **result)
{
    struct hub *h = arg;
    (void)result;
    for (;;) {
        int rc = loop_run_once(&h->loop);
        if (rc != 0)
            return rc;
    }
}

int hub_init(struct hub *h)
{
    int rc = reactor_init(&h->reactor);
    if (rc != 0)
        return rc;
    loop_init(&h->loop, &h->reactor.backend);
    h->greenlet = greenlet_new_named("hub", run_hub, NULL, GREENLET_STACK_DEFAULT);
    if (h->greenlet == NULL) {
        rc = -errno;
        loop_close(&h->loop);
        reactor_close(&h->reactor);
        return rc;
    }
    the_hub = h;
    return 0;
}

void hub_close(struct hub *h)
{
    greenlet_free(h->greenlet);
    loop_close(&h->loop);
    reactor_close(&h->reactor);
    if (the_hub == h)
        the_hub = NULL;
}

struct hub *hub_current(void)
{
    return the_hub;
}

bool hub_can_wait(void)
{
    return the_hub != NULL && greenlet_current() != the_hub->greenlet;
}

// Runs on the hub: hands the CPU back to a greenlet that waited. The hub's own switch
// returns when someone switches to the hub again; then the loop goes on.
static void resume(void *waiter)
{
    greenlet_switch(waiter, NULL, NULL);
}

// Switches to the hub and returns when a callback resumes us (or the hub failed).
static int wait_on_hub(void)
{
    return greenlet_switch(the_hub->greenlet, the_hub, NULL);
}

// [green_sleep]
int green_sleep(int64_t ns)
{
    // TODO(lab 07): refuse (-EINVAL) unless hub_can_wait(); set a timer on the hub's
    // loop that resume()s the current greenlet, then wait_on_hub().
    (void)ns, (void)resume, (void)wait_on_hub;
    return -ENOSYS;
}
// [/green_sleep]

static void ready(struct future *f, void *waiter)
{
    (void)f;
    resume(waiter);
}

// [green_wait]
int green_wait(int fd, enum fd_ready what, int64_t timeout_ns)
{
    // TODO(lab 07): start an fd_wait (on this greenlet's stack) with the deadline
    // loop_deadline_ns gives, have its future's done callback resume the current
    // greenlet (ready), wait_on_hub(), end the wait, and return its error as a
    // negative errno.
    (void)fd, (void)what, (void)timeout_ns, (void)ready;
    return -ENOSYS;
}
// [/green_wait]

// Every spawned greenlet starts here: runs its task, then wakes its joiner.
static int task_body(void *arg, void **result)
{
    struct green_task *t = arg;
    t->error = t->fn(t->arg, &t->result);
    t->done = true;
    if (t->joiner != NULL)
        loop_call_soon(&the_hub->loop, resume, t->joiner);
    *result = NULL;
    return 0; // back to the hub, this greenlet's parent
}

static void start(void *task)
{
    struct green_task *t = task;
    greenlet_switch(t->greenlet, t, NULL);
}

struct green_task *green_spawn(greenlet_fn *fn, void *arg)
{
    if (the_hub == NULL) {
        errno = EINVAL;
        return NULL;
    }
    struct green_task *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    *t = (struct green_task){.fn = fn, .arg = arg};
    t->greenlet = greenlet_new_named("task", task_body, the_hub->greenlet, GREENLET_STACK_DEFAULT);
    int rc = t->greenlet == NULL ? -errno : loop_call_soon(&the_hub->loop, start, t);
    if (rc != 0) {
        greenlet_free(t->greenlet);
        free(t);
        errno = -rc;
        return NULL;
    }
    return t;
}

int green_join(struct green_task *t, void **result)
{
    if (!t->done) {
        if (!hub_can_wait() || t->joiner != NULL)
            return -EINVAL;
        t->joiner = greenlet_current();
        int rc = wait_on_hub();
        t->joiner = NULL;
        if (rc != 0)
            return rc;
    }
    if (t->error == 0 && result != NULL)
        *result = t->result;
    return t->error;
}

int green_joinall(struct green_task **t, size_t n, void **results)
{
    int first = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = green_join(t[i], results != NULL ? &results[i] : NULL);
        if (rc != 0 && first == 0)
            first = rc;
    }
    return first;
}

void green_task_free(struct green_task *t)
{
    if (t != NULL)
        greenlet_free(t->greenlet);
    free(t);
}
