// The event-loop server's connection task: the blocking connection loop of
// server_blocking.c, with each wait turned into an await.
#include "server_loop.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int server_conn_format(struct server_conn_frame *f, int status, const char *body,
                       size_t body_len, bool keep_alive)
{
    bool head = strcmp(f->parser.request.method, "HEAD") == 0;
    int n = server_format_reply(f->out, sizeof f->out, status, body, body_len,
                                keep_alive, head);
    if (n < 0)
        return n;
    f->out_len = (size_t)n;
    f->srv->stats.requests++;
    return 0;
}

void server_conn_close(struct server_conn_frame *f)
{
    struct loop_server *srv = f->srv;
    request_parser_free(&f->parser);
    close(f->fd);
    f->fd = -1;
    if (f->prev != NULL)
        f->prev->next = f->next;
    else
        srv->conns = f->next;
    if (f->next != NULL)
        f->next->prev = f->prev;
    srv->live--;
    if (srv->stopping && srv->live == 0 && !future_done(&srv->drained))
        future_set_result(&srv->drained, value_none());
}

// [server_conn]
enum gen_status server_conn(struct gen *g, struct value sent, struct value *out)
{
    struct server_conn_frame *f = g->frame;
    struct loop_server *srv = f->srv;
    const struct server_config *cfg = srv->cfg;
    GEN_BEGIN;
    /* BEGIN SOLUTION */
    for (;;) {
        // 1. Parse what is buffered; answer each complete request in order.
        while (f->have > 0) {
            size_t used = 0;
            int r = request_parse(&f->parser, f->buf + f->off, f->have, &used);
            f->off += used;
            f->have -= used;
            if (r < 0) {
                server_conn_format(f, request_error_status(r), "", 0, false);
                goto send_and_close;
            }
            if (r == REQUEST_MORE)
                break;
            app_handle_async_init(&f->app, &f->app_frame, srv->loop, &cfg->app,
                                  &f->parser.request, &f->resp);
            AWAIT_CORO(&f->app, f->result);
            if (f->result.as.i == -ECANCELED)
                goto close; // the shutdown's deadline passed
            if (f->result.as.i < 0) // the app failed: the client still gets an answer
                f->resp = (struct app_response){.status = 500, .body = "", .body_len = 0};
            f->keep_alive = f->parser.request.keep_alive && !srv->stopping;
            if (server_conn_format(f, f->resp.status, f->resp.body, f->resp.body_len,
                                   f->keep_alive) < 0)
                goto close;
            async_send_all_init(&f->io, &f->io_frame.send, srv->loop, f->fd, f->out,
                                f->out_len, loop_deadline_ns(srv->loop, cfg->header_ms * 1000000));
            AWAIT_CORO(&f->io, f->result);
            if (f->result.as.i < 0 || !f->keep_alive)
                goto close;
            request_parser_reset(&f->parser);
            f->started_ns = -1;
        }
        // 2. Wait for more: header_ms for a request begun, idle_ms between requests
        //    (and a stop closes an idle connection at once).
        if (request_parser_started(&f->parser) && f->started_ns < 0)
            f->started_ns = loop_now_ns(srv->loop);
        f->idle = f->started_ns < 0;
        if (f->idle && srv->stopping)
            goto close;
        async_recv_init(&f->io, &f->io_frame.recv, srv->loop, f->fd, f->buf, sizeof f->buf,
                        f->idle ? loop_deadline_ns(srv->loop, cfg->idle_ms * 1000000)
                                : f->started_ns + cfg->header_ms * 1000000);
        AWAIT_CORO(&f->io, f->result);
        if (f->result.as.i == -ETIMEDOUT && !f->idle) {
            server_conn_format(f, 408, "", 0, false);
            goto send_and_close;
        }
        f->idle = false;
        if (f->result.as.i <= 0)
            goto close;
        f->off = 0;
        f->have = (size_t)f->result.as.i;
    }
    /* BEGIN STUB
    // TODO(lab 06): server_serve_connection's loop as a coroutine: AWAIT_CORO the
    // app, each send and each recv (deadlines idle_ms, header_ms); stop closes idle.
    // Chapter 6, "A task per connection"; hints: #hints-server-conn.
    (void)cfg;
    if (f->fd < 0)
        goto close;
    server_conn_format(f, 501, "", 0, false); // until then, every request: 501
    goto send_and_close;
    END STUB */

send_and_close:
    async_send_all_init(&f->io, &f->io_frame.send, srv->loop, f->fd, f->out,
                        f->out_len,
                        loop_deadline_ns(srv->loop, cfg->header_ms * 1000000));
    AWAIT_CORO(&f->io, f->result);
close:
    server_conn_close(f);
    GEN_RETURN(value_int(0));
    GEN_END;
}
// [/server_conn]
