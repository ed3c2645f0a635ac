// async_socket: connect, send and receive on a non-blocking TCP socket, as coroutines
// a task awaits with AWAIT_CORO.
//
// Each one first just tries the system call. A non-blocking socket answers at once:
// done, or EAGAIN ("not now"; EINPROGRESS for a connect). Only then does the coroutine
// wait, on an fd_wait (reactor.h), for the socket to become writable or readable, and
// try again. The task is parked meanwhile and the loop runs the others: that is the
// whole trick of async I/O.
//
// Errors are values here, not raises, and follow the one convention of every lab: each
// coroutine returns value_int(n >= 0) on success and value_int(-errno) on failure
// (-ECONNREFUSED, -ETIMEDOUT, -ECONNRESET, -ECANCELED...), so that the coroutine awaiting it can clean up (close the socket,
// give back its connection slot) before it reports the error. A raise would skip that
// cleanup: a stackless coroutine has no finally.
//
// Each takes an absolute deadline on the loop's clock (loop_deadline_ns(loop,
// timeout_ns); -1: none). When it passes, the coroutine returns -ETIMEDOUT and leaves
// nothing registered.
//
//     struct gen conn_gen; struct async_connect_frame conn; // in the caller's frame
//     async_connect_init(&conn_gen, &conn, loop, &addr, deadline_ns);
//     AWAIT_CORO(&conn_gen, f->result); // value_int(fd) or value_int(-error)
#ifndef ASYNC_SOCKET_H
#define ASYNC_SOCKET_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "gen.h"
#include "loop.h"
#include "reactor.h"

// [async_connect_frame]
// Connects a new non-blocking, close-on-exec TCP socket to addr. Returns
// value_int(fd), the caller's to close; on failure the socket is closed and it
// returns value_int(-error).
struct async_connect_frame {
    struct loop *loop;
    struct sockaddr_in addr;
    int64_t deadline_ns;
    int fd;              // the socket being connected
    struct fd_wait wait;
    int error;
    struct value ignored;
};
// [/async_connect_frame]
enum gen_status async_connect(struct gen *g, struct value sent, struct value *out);
void async_connect_init(struct gen *g, struct async_connect_frame *f,
                        struct loop *loop, const struct sockaddr_in *addr,
                        int64_t deadline_ns);

// [async_send_all_frame]
// Sends all len bytes of buf (which must stay put until it is done), however many
// partial sends that takes. Returns value_int(len) or value_int(-error).
struct async_send_all_frame {
    struct loop *loop;
    int fd;
    const char *buf;
    size_t len, sent;
    int64_t deadline_ns;
    struct fd_wait wait;
    int error;
    struct value ignored;
};
// [/async_send_all_frame]
enum gen_status async_send_all(struct gen *g, struct value sent, struct value *out);
void async_send_all_init(struct gen *g, struct async_send_all_frame *f,
                         struct loop *loop, int fd, const char *buf, size_t len,
                         int64_t deadline_ns);

// [async_recv_frame]
// Receives at most cap bytes into buf, waiting until at least one byte (or
// the end) is there. Returns value_int(n): n > 0 bytes, 0 when the peer
// closed; or value_int(-error).
struct async_recv_frame {
    struct loop *loop;
    int fd;
    char *buf;
    size_t cap;
    int64_t deadline_ns;
    struct fd_wait wait;
    int error;
    struct value ignored;
};
// [/async_recv_frame]
enum gen_status async_recv(struct gen *g, struct value sent, struct value *out);
void async_recv_init(struct gen *g, struct async_recv_frame *f, struct loop *loop,
                     int fd, char *buf, size_t cap, int64_t deadline_ns);

#endif
