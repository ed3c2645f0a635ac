// server: one app (app.h) behind three servers, the three the Python tutorial compares.
//
//   server_blocking_run   one thread, one connection at a time: accept, read, run the
//                         app, write, and only then the next (Flask's development
//                         server with threaded=False)
//   server_threaded_run   a thread per connection, at most max_threads at once (Flask's
//                         default development server)
//   server_loop_run       one thread and lab 04's loop on lab 05's reactor, a task per
//                         connection (uvicorn)
//
// Each serves HTTP/1.1: keep-alive, pipelined requests answered in order, Connection:
// close, HTTP/1.0. Each takes a listening socket (server_listen) and a stop descriptor:
// when stop_fd becomes readable (server_signal_fd makes one that SIGINT and SIGTERM
// make readable) the server stops accepting, finishes the requests in flight (for at
// most shutdown_ms), closes idle connections, and returns 0.
#ifndef SERVER_H
#define SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

// [server_config]
struct server_config {
    struct app app;
    int max_threads;         // server_threaded_run: connections served at once
    int64_t header_ms;       // from a request's first byte to its last: then 408
    int64_t idle_ms;         // a keep-alive connection with no request: then closed
    int64_t shutdown_ms;     // how long requests in flight may take once stopping
};
// [/server_config]

// What a server saw, for tests and the demo. Filled when the server returns.
struct server_stats {
    long connections;        // accepted
    long requests;           // answered (error answers included)
    int peak_concurrent;     // connections being served at the same time, at most
};

// A non-blocking, close-on-exec TCP socket listening on 127.0.0.1:port (0: a free
// port) with this backlog (the accept queue's length; werkzeug uses 128). Sets *bound
// to the port. Returns the descriptor, or a negative errno.
int server_listen(uint16_t port, int backlog, uint16_t *bound);

// A descriptor that becomes readable once SIGINT or SIGTERM arrives (a self-pipe: the
// handler writes a byte). Returns it, or a negative errno. Call it once per process.
int server_signal_fd(void);

// The three servers. Each returns 0 once stopped, or a negative errno: when it could
// not run at all, when accepting fails for good, or -EBADF when stop_fd is not (or no
// longer) an open descriptor. stats may be NULL.
int server_blocking_run(int listen_fd, int stop_fd, const struct server_config *cfg,
                        struct server_stats *stats);
int server_threaded_run(int listen_fd, int stop_fd, const struct server_config *cfg,
                        struct server_stats *stats);
int server_loop_run(int listen_fd, int stop_fd, const struct server_config *cfg,
                    struct server_stats *stats);

// ---- shared by the servers (server_common.c) ----

// Writes a whole response into buf: the status line, Content-Length, Connection
// (close unless keep_alive), a blank line, then the body (none for a HEAD request).
// Returns its length, or -ENOSPC.
int server_format_reply(char *buf, size_t cap, int status, const char *body,
                        size_t body_len, bool keep_alive, bool head);

// What a server does when accept4 fails with error (an errno value):
//   SERVER_ACCEPT_RETRY  wait for the next connection (the client left, or the queue
//                        was emptied meanwhile)
//   SERVER_ACCEPT_PAUSE  stop accepting for SERVER_ACCEPT_PAUSE_MS: out of descriptors
//                        or memory, the queue stays readable, and accepting again at
//                        once would spin until a connection closes
//   a negative errno     the listening socket is unusable: the server returns it
enum { SERVER_ACCEPT_RETRY = 0, SERVER_ACCEPT_PAUSE = 1, SERVER_ACCEPT_PAUSE_MS = 100 };
int server_accept_error(int error);

// Serves one connection on a blocking socket until it closes, stop_fd is readable
// while it is idle, or an error: reads, parses, runs the app, answers, one request at
// a time, in order. Used by the blocking and the threaded server. keep_alive: whether
// the connection may carry more than one request (false: every answer says
// Connection: close). Closes fd. Returns the number of requests answered.
long server_serve_connection(int fd, int stop_fd, const struct server_config *cfg,
                             bool keep_alive);

#endif
