// http_session: what many fetches share - aiohttp's ClientSession with
// a TCPConnector(limit=N).
//
//   - The connection limit: a semaphore of `limit` slots. A fetch holds a slot from
//     before it connects until its connection is back in the pool or closed; the
//     others queue, first come first served. So at most `limit` connections are
//     ever in use at once.
//   - The pool: a connection whose response was complete and that the server lets us
//     keep (keep-alive) goes to the idle list; the next fetch to the same host and
//     port takes it instead of connecting again. Idle connections count towards the
//     limit too: when the limit is reached and a fetch needs a new connection, an idle
//     one is closed first.
//   - The timeout: each fetch must be over within timeout_ns of its start
//     (waiting for a slot, connecting, sending and receiving included), like
//     aiohttp's ClientTimeout(total=...).
//
// The session borrows the loop, which must run on a reactor (reactor.h).
// http_session_close closes every connection; call it once every fetch has finished.
#ifndef HTTP_SESSION_H
#define HTTP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "async_semaphore.h"
#include "http_response.h"
#include "loop.h"

// [conn]
// One open connection to host:port.
struct http_conn {
    int fd;
    uint16_t port;
    char host[256];
    struct http_conn *next;             // in the session's idle list
    unsigned requests;                  // requests it has carried so far
    struct http_response_parser parser; // kept from one response to the next,
                                        // with its buffers
};
// [/conn]

// [session]
struct http_session {
    struct loop *loop;
    int64_t timeout_ns;          // per fetch; -1: none
    size_t limit;                // connections at once; 0: no limit
    struct async_semaphore slots;
    struct http_conn *idle;      // idle connections, the most recently used first
    size_t open;                 // connections open now, idle or in use
    uint64_t connects, reuses;   // new connections made, and fetches that reused one
    uint64_t dropped;            // idle connections found closed by the peer
    // What one recv brings, for every connection of the session. This works because of
    // a rule http_fetch keeps: it parses the bytes in the same loop step as it
    // receives them, with no await in between, and the parser copies what it keeps; a
    // session is used by one thread. A buffer in each connection made 10 000
    // concurrent fetches about 40 MB bigger.
    char recv_buf[16384];
};
// [/session]

// Makes s a session on loop with at most limit connections at once (0: no limit) and a
// timeout per fetch (-1: none). Returns 0, or -EINVAL when loop does not run on a
// reactor.
int http_session_init(struct http_session *s, struct loop *loop, size_t limit,
                      int64_t timeout_ns);

// Closes every connection of the pool. Returns 0, or -EBUSY when connections are
// still in use (a fetch has not finished): those are left alone.
int http_session_close(struct http_session *s);

// ---- for http_fetch ----

// An idle connection to host:port, taken out of the pool, or NULL. An idle connection
// the server closed while it sat in the pool (its keep-alive timeout ran out), or that
// has bytes nobody asked for, is closed on the way and counted in s->dropped.
struct http_conn *http_session_take_idle(struct http_session *s, const char *host,
                                         uint16_t port);

// Makes room for a new connection, before connecting: closes the least recently used
// idle connection when the limit is reached.
void http_session_make_room(struct http_session *s);

// Wraps a connected socket fd as a connection in use, or NULL when out of memory
// (fd is closed).
struct http_conn *http_session_adopt(struct http_session *s, int fd, const char *host,
                                     uint16_t port);

// Puts a connection back into the pool for the next fetch.
void http_session_put_idle(struct http_session *s, struct http_conn *conn);

// Closes a connection (in use or just taken from the pool) and frees it.
void http_session_discard(struct http_session *s, struct http_conn *conn);

#endif
