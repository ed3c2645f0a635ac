// The event-loop server: an acceptor task, a stopper task, a task per connection
// (server_conn.c), all on one loop in one thread.
#define _GNU_SOURCE // accept4: the accepted socket gets its flags in the same call
#include "server_loop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "reactor.h"

// A new connection: a task of its own, linked into srv->conns.
static void server_loop_adopt(struct loop_server *srv, int fd)
{
    struct server_conn_frame init = {.srv = srv, .fd = fd, .started_ns = -1};
    struct coro_task *t = coro_task_create(srv->loop, server_conn, &init, sizeof init);
    if (t == NULL) {
        close(fd);
        return;
    }
    struct server_conn_frame *f = coro_task_frame(t);
    f->task = t;
    request_parser_init(&f->parser);
    f->next = srv->conns;
    if (srv->conns != NULL)
        srv->conns->prev = f;
    srv->conns = f;
    srv->live++;
    srv->stats.connections++;
    if (srv->live > (size_t)srv->stats.peak_concurrent)
        srv->stats.peak_concurrent = (int)srv->live;
    coro_task_detach(t); // it frees itself once the connection is over
}

struct acceptor_frame {
    struct loop_server *srv;
    struct fd_wait wait;
    struct value result;
    int error;
    int verdict; // server_accept_error's, on the last accept4 that failed
};

// The acceptor cannot go on (the listening socket is unusable): the server stops as a
// stop would, and server_loop_run returns the error.
static void acceptor_fail(struct loop_server *srv, int error)
{
    srv->error = error;
    coro_task_cancel(srv->stopper);
}

// [acceptor]
// Waits until the listening socket is readable, then accepts every connection
// waiting in its queue: a burst of a thousand costs one wake-up, not a thousand.
static enum gen_status acceptor(struct gen *g, struct value sent, struct value *out)
{
    struct acceptor_frame *f = g->frame;
    GEN_BEGIN;
    for (;;) {
        f->error = -fd_wait_start(&f->wait, f->srv->loop, f->srv->listen_fd, FD_READABLE, -1);
        if (f->error != 0) {
            acceptor_fail(f->srv, -f->error);
            GEN_RETURN(value_int(-f->error));
        }
        AWAIT_TRY(&f->wait.future, f->result, f->error);
        fd_wait_end(&f->wait);
        if (f->error != 0) // cancelled: the server is stopping
            GEN_RETURN(value_int(0));
        for (;;) {
            int fd = accept4(f->srv->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                f->verdict = server_accept_error(errno); // EAGAIN: the queue is empty
                break;
            }
            server_loop_adopt(f->srv, fd);
        }
        if (f->verdict < 0) {
            acceptor_fail(f->srv, f->verdict);
            GEN_RETURN(value_int(f->verdict));
        }
        // Out of descriptors: the queue stays readable, and waiting for it again would
        // spin until a connection closes. Accept nothing for a while instead.
        if (f->verdict == SERVER_ACCEPT_PAUSE) {
            AWAIT_SLEEP_TRY(SERVER_ACCEPT_PAUSE_MS * 1000000LL, f->error);
            if (f->error != 0) // cancelled: the server is stopping
                GEN_RETURN(value_int(0));
        }
    }
    GEN_END;
}
// [/acceptor]

struct stopper_frame {
    struct loop_server *srv;
    struct coro_task *acceptor;
    struct fd_wait wait;
    int64_t timer;
    struct value result;
    int error;
};

// The shutdown deadline passed: every request still in flight is cancelled.
static void stopper_deadline(void *arg)
{
    struct stopper_frame *f = arg;
    f->timer = 0;
    for (struct server_conn_frame *c = f->srv->conns; c != NULL; c = c->next)
        coro_task_cancel(c->task);
}

// [stopper]
// Waits for stop_fd; then stops the acceptor, closes idle connections, and waits for
// the others to finish their requests (at most shutdown_ms).
static enum gen_status stopper(struct gen *g, struct value sent, struct value *out)
{
    struct stopper_frame *f = g->frame;
    struct loop_server *srv = f->srv;
    GEN_BEGIN;
    f->error = -fd_wait_start(&f->wait, srv->loop, srv->stop_fd, FD_READABLE, -1);
    if (f->error != 0) // a server that cannot be stopped must not run
        srv->error = -f->error;
    else {
        AWAIT_TRY(&f->wait.future, f->result, f->error); // a stop, or acceptor_fail
        fd_wait_end(&f->wait);
    }
    srv->stopping = true;
    coro_task_cancel(f->acceptor);
    for (struct server_conn_frame *c = srv->conns; c != NULL; c = c->next)
        if (c->idle)
            coro_task_cancel(c->task);
    if (srv->live > 0) {
        f->timer = loop_call_later(srv->loop, srv->cfg->shutdown_ms * 1000000,
                                   stopper_deadline, f);
        AWAIT_TRY(&srv->drained, f->result, f->error);
        if (f->timer > 0)
            loop_cancel_timer(srv->loop, f->timer);
    }
    GEN_RETURN(value_int(0));
    GEN_END;
}
// [/stopper]

// [loop_run]
int server_loop_run(int listen_fd, int stop_fd, const struct server_config *cfg,
                    struct server_stats *stats)
{
    struct reactor reactor;
    int rc = reactor_init(&reactor);
    if (rc < 0)
        return rc;
    struct loop loop;
    loop_init(&loop, &reactor.backend);
    struct loop_server srv = {.loop = &loop, .cfg = cfg, .listen_fd = listen_fd,
                              .stop_fd = stop_fd};
    future_init(&srv.drained, &loop);

    // The stopper first: it must be waiting for stop_fd before the acceptor can fail.
    struct stopper_frame s = {.srv = &srv};
    struct coro_task *stopper_task = coro_task_create(&loop, stopper, &s, sizeof s);
    struct acceptor_frame a = {.srv = &srv};
    struct coro_task *acceptor_task =
        stopper_task ? coro_task_create(&loop, acceptor, &a, sizeof a) : NULL;
    if (acceptor_task == NULL) {
        rc = -ENOMEM;
    } else {
        srv.stopper = stopper_task;
        ((struct stopper_frame *)coro_task_frame(stopper_task))->acceptor = acceptor_task;
        rc = loop_run_until_complete(&loop, coro_task_future(stopper_task));
        // The acceptor was cancelled, and the connections' tasks free themselves a turn
        // or two after they finish (coro_task_detach): let all of that happen before
        // the loop goes, or loop_close would drop those callbacks and leak the tasks.
        while (rc == 0 && (loop.ready_count > 0 ||
                           !future_done(coro_task_future(acceptor_task)) ||
                           future_callbacks_pending(coro_task_future(acceptor_task))))
            rc = loop_run_once(&loop);
        if (rc == 0)
            rc = srv.error;
    }
    if (stopper_task != NULL)
        coro_task_free(stopper_task);
    if (acceptor_task != NULL)
        coro_task_free(acceptor_task);
    loop_close(&loop);
    reactor_close(&reactor);
    if (stats != NULL)
        *stats = srv.stats;
    return rc;
}
// [/loop_run]
