// http_fetch: `async def fetch(session, url)` - one GET over a
// session, as a coroutine.
//
//     struct http_reply replies[n];
//     struct coro_task *tasks[n];
//     for (i = 0; i < n; i++)
//         tasks[i] = http_fetch_task(&session, urls[i], &replies[i]);
//     ...gather (or async_wait) their futures, run the loop...
//     replies[i].status, replies[i].body        (http_reply_clear each one afterwards)
//
// The coroutine takes a connection slot from the session, an idle connection to the
// same host (or connects), sends the request, and feeds what arrives to the response
// parser until the response is complete; then the connection goes back to the pool
// when the server keeps it alive, and the slot goes back to the session. A connection
// taken from the pool that turns out to be closed by the server before it answered is
// replaced by a new one, once. Interim responses (1xx but 101: 100 Continue, 103 Early
// Hints) are skipped: the fetch's answer is the final response that follows them.
//
// Its task's future completes with value_int(status), or with the request's error (the
// same as reply->error; reply->message says it in words). Every error stays with its
// own request: the connection involved is closed, the slot is given back, nothing else
// is disturbed. A cancel (coro_task_cancel) ends it the same way, with ECANCELED.
#ifndef HTTP_FETCH_H
#define HTTP_FETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "async_semaphore.h"
#include "async_socket.h"
#include "coro_task.h"
#include "http_request.h"
#include "http_session.h"

// [fetch_frame]
struct http_fetch_frame {
    // What the caller fills in (http_fetch_task does it):
    struct http_session *session;
    const char *url;             // borrowed: must outlive the fetch
    struct http_reply *reply;    // the caller's; filled in by the fetch
    // The coroutine's own state:
    int64_t deadline_ns;
    char host[256];
    uint16_t port;
    char *request;               // the request's bytes (malloc'd)
    size_t request_len;
    struct semaphore_waiter slot;
    bool have_slot;
    struct http_conn *conn;      // the connection in use, or NULL
    bool reused;                 // conn came from the pool
    int attempts;                // connections tried
    uint64_t received;           // bytes received on conn for this response
    struct gen io;               // the socket coroutine being awaited
    union {
        struct async_connect_frame connect;
        struct async_send_all_frame send;
        struct async_recv_frame recv;
    } io_frame;
    struct value result;
    int error;
};
// [/fetch_frame]

// The coroutine. Frame: struct http_fetch_frame with session, url and reply set.
enum gen_status http_fetch(struct gen *g, struct value sent, struct value *out);

// Creates the task for http_fetch(session, url) filling *reply (cleared first).
// Returns the task (the caller's, as coro_task_create's), or NULL when out of memory.
struct coro_task *http_fetch_task(struct http_session *session, const char *url,
                                  struct http_reply *reply);

#endif
