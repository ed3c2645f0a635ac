// server_loop: the event-loop server's parts, for server_loop.c and its coroutines.
// One thread runs lab 04's loop on lab 05's reactor; three kinds of task run on it:
// the acceptor (one), the stopper (one), and a task per connection.
#ifndef SERVER_LOOP_H
#define SERVER_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "async_socket.h"
#include "server.h"

struct server_conn_frame;

// [loop_server]
struct loop_server {
    struct loop *loop;
    const struct server_config *cfg;
    int listen_fd, stop_fd;
    bool stopping;                   // no new connections; idle ones close
    struct server_conn_frame *conns; // every live connection, to close idle ones
    size_t live;
    struct future drained;           // done once stopping and live == 0
    struct coro_task *stopper;       // cancelled when the acceptor cannot go on
    int error;                       // why, then (a negative errno), or 0
    struct server_stats stats;
};
// [/loop_server]

// [server_conn_frame]
// A connection's coroutine frame: everything it keeps across awaits.
struct server_conn_frame {
    struct loop_server *srv;
    struct coro_task *task;
    struct server_conn_frame *prev, *next; // srv->conns
    int fd;
    bool idle;                       // waiting for a request's first byte
    struct request_parser parser;
    size_t off, have;                // buf[off..off+have): not parsed yet
    int64_t started_ns;              // when the request being read began, or -1
    bool keep_alive;
    struct gen io;                   // the socket call being awaited
    union {
        struct async_recv_frame recv;
        struct async_send_all_frame send;
    } io_frame;
    struct gen app;                  // the app, being awaited
    struct app_async_frame app_frame;
    struct app_response resp;
    struct value result;
    char out[256];                   // the response being sent
    size_t out_len;
    char buf[512];                   // bytes received (a request head rarely
                                     // needs more than one or two of these)
};
// [/server_conn_frame]

// The coroutine that serves one connection (a task each), and the plumbing around it.
enum gen_status server_conn(struct gen *g, struct value sent, struct value *out);

// Formats the response to the complete request in f->parser into f->out. Returns 0,
// or a negative errno.
int server_conn_format(struct server_conn_frame *f, int status, const char *body,
                       size_t body_len, bool keep_alive);

// Closes the connection and forgets it; the last one while stopping completes
// srv->drained.
void server_conn_close(struct server_conn_frame *f);

#endif
