#include "async_socket.h"

#include <errno.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

#include "coro_task.h"

// A TCP socket that never blocks and is not inherited by programs we exec, or a
// negative errno. (SOCK_NONBLOCK and SOCK_CLOEXEC are Linux's: one system call
// instead of four fcntl calls.)
static int socket_nonblocking(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    // A request goes out in one send: do not let Nagle hold it back
    // waiting for an ACK.
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// Whether fd is writable right now, without waiting (a poll with a zero timeout).
// After a non-blocking connect to 127.0.0.1 it nearly always is: the kernel runs the
// whole handshake, both ends of it, inside the connect call, although connect still
// says EINPROGRESS. Asking costs one cheap system call; not asking costs a trip
// through the loop (register with epoll, a poll, deregister) and holds the request
// back until every other task has had its turn.
static bool socket_writable_now(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    return poll(&p, 1, 0) == 1;
}

void async_connect_init(struct gen *g, struct async_connect_frame *f,
                        struct loop *loop, const struct sockaddr_in *addr,
                        int64_t deadline_ns)
{
    *f = (struct async_connect_frame){
        .loop = loop, .addr = *addr, .deadline_ns = deadline_ns, .fd = -1};
    gen_init(g, async_connect, f);
}

// [async_connect]
enum gen_status async_connect(struct gen *g, struct value sent, struct value *out)
{
    struct async_connect_frame *f = g->frame;
    GEN_BEGIN;
    // TODO(lab 05): connect a new non-blocking socket to f->addr, waiting (until the
    // deadline) only while the handshake runs; its fd, or -error with it closed.
    // Chapter 5, "Connect, send, receive"; hints: #hints-async-connect.
    (void)f, (void)socket_nonblocking, (void)socket_writable_now;
    GEN_RETURN(value_int(-ENOSYS));
    GEN_END;
}
// [/async_connect]

void async_send_all_init(struct gen *g, struct async_send_all_frame *f,
                         struct loop *loop, int fd, const char *buf, size_t len,
                         int64_t deadline_ns)
{
    *f = (struct async_send_all_frame){
        .loop = loop, .fd = fd, .buf = buf, .len = len, .deadline_ns = deadline_ns};
    gen_init(g, async_send_all, f);
}

// [async_send_all]
enum gen_status async_send_all(struct gen *g, struct value sent, struct value *out)
{
    struct async_send_all_frame *f = g->frame;
    GEN_BEGIN;
    // TODO(lab 05): send all f->len bytes, waiting whenever the socket cannot take
    // more; return how many were sent, or -error. A partial send is not the end.
    // Chapter 5, "Connect, send, receive"; hints: #hints-async-send-all.
    (void)f;
    GEN_RETURN(value_int(-ENOSYS));
    GEN_END;
}
// [/async_send_all]

void async_recv_init(struct gen *g, struct async_recv_frame *f, struct loop *loop,
                     int fd, char *buf, size_t cap, int64_t deadline_ns)
{
    *f = (struct async_recv_frame){
        .loop = loop, .fd = fd, .buf = buf, .cap = cap, .deadline_ns = deadline_ns};
    gen_init(g, async_recv, f);
}

// [async_recv]
enum gen_status async_recv(struct gen *g, struct value sent, struct value *out)
{
    struct async_recv_frame *f = g->frame;
    GEN_BEGIN;
    // TODO(lab 05): receive what has arrived, at most f->cap bytes, waiting only while
    // nothing has; return the count (0: the peer closed) or -error.
    // Chapter 5, "Connect, send, receive"; hints: #hints-async-recv.
    (void)f;
    GEN_RETURN(value_int(-ENOSYS));
    GEN_END;
}
// [/async_recv]
