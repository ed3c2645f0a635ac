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
    // TODO(lab 05): a non-blocking connect.
    // 1. f->fd = socket_nonblocking(); on failure (< 0) return value_int(f->fd).
    // 2. connect(f->fd, (const struct sockaddr *)&f->addr, sizeof f->addr). 0:
    //    connected. An error other than EINPROGRESS (or EINTR) is the answer: close
    //    the socket, return -error.
    // 3. EINPROGRESS: unless socket_writable_now(f->fd) says the handshake is over
    //    already, wait: fd_wait_start(&f->wait, f->loop, f->fd, FD_WRITABLE,
    //    f->deadline_ns), AWAIT_TRY(&f->wait.future, f->ignored, f->error), then
    //    fd_wait_end(&f->wait) always.
    // 4. The outcome is in getsockopt(f->fd, SOL_SOCKET, SO_ERROR, ...): 0 or the
    // error. On any error close the socket and GEN_RETURN(value_int(-error));
    // else value_int(f->fd).
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
    // TODO(lab 05): until f->sent == f->len: send(f->fd, f->buf + f->sent, f->len -
    // f->sent, MSG_NOSIGNAL) and add what it sent (it may send only part). EINTR: try
    // again. EAGAIN: wait until writable (fd_wait_start with FD_WRITABLE and
    // f->deadline_ns, AWAIT_TRY on &f->wait.future, fd_wait_end) and try again.
    // Errors: GEN_RETURN(value_int(-error)). Done: GEN_RETURN(value_int(f->sent)).
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
    // TODO(lab 05): recv(f->fd, f->buf, f->cap, 0) until it gives n >= 0 (0 means the
    // peer closed): GEN_RETURN(value_int(n)). EINTR: try again. EAGAIN: wait until
    // readable (fd_wait_start with FD_READABLE and f->deadline_ns, AWAIT_TRY,
    // fd_wait_end) and try again. Errors: GEN_RETURN(value_int(-error)).
    (void)f;
    GEN_RETURN(value_int(-ENOSYS));
    GEN_END;
}
// [/async_recv]
