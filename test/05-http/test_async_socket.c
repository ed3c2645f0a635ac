// async_socket: the socket coroutines on their own, where a fetch over loopback cannot show a
// mistake. A request of a few hundred bytes always fits a loopback socket's buffer, so a send
// that stops after its first partial write passes every fetch; here the buffer is made small
// and the message large.
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "async_socket.h"
#include "coro_task.h"
#include "labtest.h"
#include "reactor.h"

LAB_SUITE(async_socket, 30);

enum { MESSAGE_LEN = 1 << 20 };

static unsigned char message_byte(size_t i)
{
    return (unsigned char)(i * 7 % 253);
}

// The receiving end, on a thread of its own that reads (blocking) until the sender closes:
// how many bytes came, and where the first wrong one was (-1: none).
struct reader {
    int fd;
    size_t received;
    long long first_wrong;
};

static void *read_everything(void *arg)
{
    struct reader *r = arg;
    r->first_wrong = -1;
    // A late start: the sender's first send finds the buffer filling up and takes only part.
    struct timespec pause = {.tv_nsec = 20 * 1000000};
    nanosleep(&pause, NULL);
    char buf[4096];
    for (;;) {
        ssize_t n = read(r->fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return NULL;
        for (ssize_t k = 0; k < n; k++)
            if (r->first_wrong < 0 && (unsigned char)buf[k] != message_byte(r->received + (size_t)k))
                r->first_wrong = (long long)(r->received + (size_t)k);
        r->received += (size_t)n;
    }
}

// async def sender(): return await async_send_all(fd, message)
struct sender_frame {
    struct loop *loop;
    int fd;
    const char *message;
    struct gen io;
    struct async_send_all_frame send;
    struct value result;
};

static enum gen_status sender(struct gen *g, struct value sent, struct value *out)
{
    struct sender_frame *f = g->frame;
    GEN_BEGIN;
    async_send_all_init(&f->io, &f->send, f->loop, f->fd, f->message, MESSAGE_LEN, -1);
    AWAIT_CORO(&f->io, f->result);
    GEN_RETURN(f->result);
    GEN_END;
}

Test(async_socket, a_send_larger_than_the_socket_buffer_arrives_whole)
{
    int fds[2];
    cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0, "socketpair: %s", strerror(errno));
    int small = 4096; // the kernel doubles it, and rounds it up to its minimum
    cr_assert(setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small) == 0 &&
                  setsockopt(fds[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof small) == 0,
              "setsockopt: %s", strerror(errno));
    cr_assert(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0, "fcntl: %s", strerror(errno));
    static char message[MESSAGE_LEN]; // static: a failed assertion must not leak it
    for (size_t i = 0; i < MESSAGE_LEN; i++)
        message[i] = (char)message_byte(i);
    struct reader reader = {.fd = fds[1]};
    pthread_t thread;
    cr_assert(pthread_create(&thread, NULL, read_everything, &reader) == 0, "pthread_create failed");

    struct reactor reactor;
    int rc = reactor_init(&reactor);
    cr_assert(rc == 0, "reactor_init returned %d (%s); it should return 0", rc, error_name(rc));
    struct loop loop;
    loop_init(&loop, &reactor.backend);
    struct sender_frame frame = {.loop = &loop, .fd = fds[0], .message = message};
    struct coro_task *t = coro_task_create(&loop, sender, &frame, sizeof frame);
    cr_assert(t != NULL, "out of memory");
    rc = loop_run_until_complete(&loop, coro_task_future(t));
    cr_assert(rc == 0, "loop_run_until_complete returned %d (%s); it should return 0 (-ENOSYS: a part is not "
              "written yet; -EDEADLK: nothing the reactor watches can wake the sender)", rc, error_name(rc));
    int error = future_error(coro_task_future(t));
    int64_t sent = future_result(coro_task_future(t)).as.i;
    coro_task_free(t);
    loop_close(&loop);
    reactor_close(&reactor);
    close(fds[0]); // the reader sees the end
    pthread_join(thread, NULL);
    close(fds[1]);

    cr_assert(error == 0, "the task awaiting async_send_all raised %s", error_name(error));
    cr_assert(sent >= 0, "async_send_all of %d bytes into a socket whose buffer holds a few kilobytes returned "
              "%lld (%s), not %d: EAGAIN is not an error, it means wait for FD_WRITABLE and send the rest",
              MESSAGE_LEN, (long long)sent, error_name(sent), MESSAGE_LEN);
    cr_assert(sent == MESSAGE_LEN, "async_send_all of %d bytes into a socket whose buffer holds a few "
              "kilobytes returned %lld, not %d: send may take only part of what it is given (it returns how "
              "much); keep sending the rest, from buf + sent, waiting for FD_WRITABLE when it says EAGAIN, "
              "until all of it is gone", MESSAGE_LEN, (long long)sent, MESSAGE_LEN);
    cr_assert(reader.received == MESSAGE_LEN, "async_send_all said it sent %d bytes, and the other end "
              "received %zu: count only what send says it took", MESSAGE_LEN, reader.received);
    cr_assert(reader.first_wrong < 0, "the other end received all %d bytes, but byte %lld is wrong: after a "
              "partial send, the next one starts at buf + sent, where the last one stopped", MESSAGE_LEN,
              reader.first_wrong);
}
