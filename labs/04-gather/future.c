#include "future.h"

#include <errno.h>
#include <stdlib.h>

#include "async_wait.h"
#include "coro_task.h"
#include "gather.h"
#include "loop.h"

void future_init(struct future *f, struct loop *loop)
{
    *f = (struct future){.loop = loop, .kind = FUTURE_PLAIN};
}

// [future_deliver]
// The callback call_soon runs for a done future: runs its callbacks, first added first. Each is
// taken off the future before it runs, so one that adds another callback does not lose it.
static void future_deliver(void *arg)
{
    struct future *f = arg;
    f->delivery_scheduled = false;
    while (f->callback != NULL) {
        future_callback_fn *fn = f->callback;
        void *fn_arg = f->callback_arg;
        struct future_callback *next = f->more;
        if (next != NULL) {
            f->callback = next->fn;
            f->callback_arg = next->arg;
            f->more = next->next;
            free(next);
        } else {
            f->callback = NULL;
            f->callback_arg = NULL;
        }
        fn(f, fn_arg);
    }
}
// [/future_deliver]

// [schedule_callbacks]
// Queues the delivery of f's callbacks, once: never runs them here.
static int schedule_callbacks(struct future *f)
{
    // TODO(lab 04): if f has a callback (f->callback) and no delivery is queued yet
    // (f->delivery_scheduled), queue one: loop_call_soon(f->loop, future_deliver, f), and
    // remember it is queued. Never call the callbacks from here.
    (void)f, (void)future_deliver;
    return 0;
}
// [/schedule_callbacks]

// [future_complete]
// Completes f with either a result (error == 0) or an error.
static int future_complete(struct future *f, struct value v, int error)
{
    // TODO(lab 04): refuse a future that is already done (EINVAL); else mark it done with the
    // result v (or the error) and schedule its callbacks (schedule_callbacks).
    (void)f, (void)v, (void)error;
    errno = ENOSYS;
    return -1;
}
// [/future_complete]

int future_set_result(struct future *f, struct value v)
{
    return future_complete(f, v, 0);
}

int future_set_error(struct future *f, int error)
{
    if (error <= 0) {
        errno = EINVAL;
        return -1;
    }
    return future_complete(f, value_none(), error);
}

int future_cancel(struct future *f)
{
    if (f->done) {
        errno = EALREADY;
        return -1;
    }
    switch ((enum future_kind)f->kind) {
    case FUTURE_TASK:
        return coro_task_cancel((struct coro_task *)f);
    case FUTURE_GATHER:
        return gather_cancel((struct gather *)f);
    case FUTURE_WAIT:
        return async_wait_cancel((struct async_wait *)f);
    case FUTURE_PLAIN:
        break;
    }
    return future_set_error(f, ECANCELED);
}

bool future_done(const struct future *f)
{
    return f->done;
}

bool future_cancelled(const struct future *f)
{
    return f->done && f->error == ECANCELED;
}

struct value future_result(const struct future *f)
{
    return f->done && f->error == 0 ? f->result : value_none();
}

int future_error(const struct future *f)
{
    return f->done ? f->error : 0;
}

int future_add_done_callback(struct future *f, future_callback_fn *fn, void *arg)
{
    if (f->callback == NULL) {
        f->callback = fn;
        f->callback_arg = arg;
    } else {
        struct future_callback *node = malloc(sizeof *node);
        if (node == NULL) {
            errno = ENOMEM;
            return -1;
        }
        *node = (struct future_callback){.fn = fn, .arg = arg, .next = NULL};
        struct future_callback **tail = &f->more;
        while (*tail != NULL)
            tail = &(*tail)->next;
        *tail = node;
    }
    return f->done ? schedule_callbacks(f) : 0;
}

int future_remove_done_callback(struct future *f, future_callback_fn *fn, void *arg)
{
    int removed = 0;
    for (struct future_callback **p = &f->more; *p != NULL;) {
        if ((*p)->fn == fn && (*p)->arg == arg) {
            struct future_callback *gone = *p;
            *p = gone->next;
            free(gone);
            removed++;
        } else {
            p = &(*p)->next;
        }
    }
    if (f->callback == fn && f->callback_arg == arg) {
        removed++;
        f->callback = NULL;
        f->callback_arg = NULL;
        // The first slot is free again: the next callback moves up into it.
        struct future_callback *next = f->more;
        if (next != NULL) {
            f->callback = next->fn;
            f->callback_arg = next->arg;
            f->more = next->next;
            free(next);
        }
    }
    return removed;
}

bool future_callbacks_pending(const struct future *f)
{
    return f->callback != NULL || f->delivery_scheduled;
}

void future_discard_callbacks(struct future *f)
{
    while (f->more != NULL) {
        struct future_callback *next = f->more->next;
        free(f->more);
        f->more = next;
    }
    f->callback = NULL;
    f->callback_arg = NULL;
}
