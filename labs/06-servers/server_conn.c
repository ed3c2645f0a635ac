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
    // TODO(lab 06): server_serve_connection's loop as a coroutine: AWAIT_CORO the
    // app, each send and each recv (deadlines idle_ms, header_ms); stop closes idle.
    // Chapter 6, "A task per connection"; hints: #hints-server-conn.
    (void)cfg;
    if (f->fd < 0)
        goto close;
    server_conn_format(f, 501, "", 0, false); // until then, every request: 501
    goto send_and_close;

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
