#include "future.h"

#include <errno.h>
#include <stdlib.h>

#include "loop.h"

void future_init(struct future *f, struct loop *loop)
{
    *f = (struct future){.loop = loop};
}

#ifndef LAB04_SMALL_FUTURE
void future_set_cancel(struct future *f, future_cancel_fn *cancel)
{
    f->cancel = cancel;
}

static future_cancel_fn *cancel_hook(const struct future *f)
{
    return f->cancel;
}
#else
// [cancel_hooks_fast]
// The optional part's saving: a program has a handful of different hooks, so a byte
// indexing a table of them replaces an 8-byte pointer in every future.
static future_cancel_fn *cancel_hooks[UINT8_MAX + 1]; // [0] stays NULL: no hook
static unsigned cancel_hook_count = 1;

void future_set_cancel(struct future *f, future_cancel_fn *cancel)
{
    unsigned i = 0;
    if (cancel != NULL) {
        for (i = 1; i < cancel_hook_count && cancel_hooks[i] != cancel; i++)
            continue;
        if (i == cancel_hook_count) {
            if (i > UINT8_MAX)
                abort(); // 255 different hooks: not a program this runtime is for
            cancel_hooks[cancel_hook_count++] = cancel;
        }
    }
    f->cancel_index = (uint8_t)i;
}

static future_cancel_fn *cancel_hook(const struct future *f)
{
    return cancel_hooks[f->cancel_index];
}
// [/cancel_hooks_fast]
#endif

// [future_deliver]
// The callback call_soon runs for a done future: runs what it holds - one callback, or
// the list of several. It is taken off the future first, so a callback that adds
// another does not lose it (that one gets a delivery of its own).
static void future_deliver(void *arg)
{
    struct future *f = arg;
    f->delivery_scheduled = false;
    future_callback_fn *fn = f->callback;
    void *fn_arg = f->callback_arg;
    f->callback = NULL;
    f->callback_arg = NULL;
    if (fn != NULL)
        fn(f, fn_arg);
}
// [/future_deliver]

// [schedule_callbacks]
// Queues the delivery of f's callbacks, once: never runs them here.
static int schedule_callbacks(struct future *f)
{
    // TODO(lab 04): queue one delivery of f's callbacks for a later turn, if it has
    // any and none is queued yet; never run a callback inside whoever completes f.
    // Chapter 4, "What you write"; hints: #hints-schedule-callbacks.
    (void)f, (void)future_deliver;
    return 0;
}
// [/schedule_callbacks]

// [future_complete]
// Completes f with either a result (error == 0) or an error.
static int future_complete(struct future *f, struct value v, int error)
{
    // TODO(lab 04): fill f once and for all, with v or the error, and have its waiters
    // told on a later turn; a future done already stays as it is (-EINVAL).
    // Chapter 4, "What you write"; hints: #hints-future-complete.
    (void)f, (void)v, (void)error;
    return -ENOSYS;
}
// [/future_complete]

int future_set_result(struct future *f, struct value v)
{
    return future_complete(f, v, 0);
}

int future_set_error(struct future *f, int error)
{
    if (error <= 0)
        return -EINVAL;
    return future_complete(f, value_none(), error);
}

// [future_cancel]
int future_cancel(struct future *f)
{
    if (f->done)
        return -EALREADY;
    // Whoever completes f knows what stands behind it; the future does not need to.
    future_cancel_fn *cancel = cancel_hook(f);
    if (cancel != NULL)
        return cancel(f);
    return future_set_error(f, ECANCELED);
}
// [/future_cancel]

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

void future_run_callback_list(struct future *f, void *list)
{
    // Each node is freed before its callback runs, in case the callback frees
    // what arg points to.
    for (struct future_callback *node = list; node != NULL;) {
        struct future_callback done = *node;
        free(node);
        done.fn(f, done.arg);
        node = done.next;
    }
}

static struct future_callback *callback_node(future_callback_fn *fn, void *arg)
{
    struct future_callback *node = malloc(sizeof *node);
    if (node != NULL)
        *node = (struct future_callback){.fn = fn, .arg = arg, .next = NULL};
    return node;
}

int future_add_done_callback(struct future *f, future_callback_fn *fn, void *arg)
{
    if (f->callback == NULL) {
        f->callback = fn;
        f->callback_arg = arg;
    } else {
        // A second callback: turn the one held in place into the head of a list.
        struct future_callback *node = callback_node(fn, arg);
        if (node == NULL)
            return -ENOMEM;
        if (f->callback != future_run_callback_list) {
            struct future_callback *first =
                callback_node(f->callback, f->callback_arg);
            if (first == NULL) {
                free(node);
                return -ENOMEM;
            }
            f->callback = future_run_callback_list;
            f->callback_arg = first;
        }
        struct future_callback *last = f->callback_arg;
        while (last->next != NULL)
            last = last->next;
        last->next = node;
    }
    return f->done ? schedule_callbacks(f) : 0;
}

int future_remove_done_callback(struct future *f, future_callback_fn *fn, void *arg)
{
    if (f->callback == fn && f->callback_arg == arg) {
        f->callback = NULL;
        f->callback_arg = NULL;
        return 1;
    }
    if (f->callback != future_run_callback_list)
        return 0;
    int removed = 0;
    struct future_callback *head = f->callback_arg;
    for (struct future_callback **p = &head; *p != NULL;) {
        if ((*p)->fn == fn && (*p)->arg == arg) {
            struct future_callback *gone = *p;
            *p = gone->next;
            free(gone);
            removed++;
        } else {
            p = &(*p)->next;
        }
    }
    f->callback_arg = head;
    if (head == NULL)
        f->callback = NULL; // the list is empty
    return removed;
}

bool future_callbacks_pending(const struct future *f)
{
    return f->callback != NULL || f->delivery_scheduled;
}

void future_discard_callbacks(struct future *f)
{
    if (f->callback == future_run_callback_list) {
        for (struct future_callback *node = f->callback_arg; node != NULL;) {
            struct future_callback *next = node->next;
            free(node);
            node = next;
        }
    }
    f->callback = NULL;
    f->callback_arg = NULL;
}
