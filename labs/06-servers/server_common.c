#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int server_listen(uint16_t port, int backlog, uint16_t *bound)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, backlog) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    if (bound != NULL)
        *bound = ntohs(addr.sin_port);
    return fd;
}

// The self-pipe's write end. A global because a signal handler gets no argument: the
// one place in these labs where that is the reason.
static int signal_pipe_write = -1;

static void server_on_signal(int sig)
{
    (void)sig;
    int saved = errno;
    if (write(signal_pipe_write, "!", 1) < 0) {
        // the pipe is full: a byte is already waiting, which is all it takes
    }
    errno = saved;
}

int server_signal_fd(void)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -errno;
    for (int i = 0; i < 2; i++)
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    signal_pipe_write = fds[1];
    struct sigaction sa = {.sa_handler = server_on_signal};
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0) {
        int error = errno;
        signal_pipe_write = -1;
        close(fds[0]), close(fds[1]);
        return -error;
    }
    return fds[0];
}

int server_accept_error(int error)
{
    switch (error) {
    case EMFILE:
    case ENFILE:
    case ENOBUFS:
    case ENOMEM:
        return SERVER_ACCEPT_PAUSE;
    case EBADF:
    case EINVAL:
    case ENOTSOCK:
    case EOPNOTSUPP:
        return -error;
    default: // EAGAIN, ECONNABORTED, EINTR, and the network errors accept(2) passes on
        return SERVER_ACCEPT_RETRY;
    }
}

static const char *server_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
    }
}

int server_format_reply(char *buf, size_t cap, int status, const char *body,
                        size_t body_len, bool keep_alive, bool head)
{
    int n = snprintf(buf, cap,
                     "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\n"
                     "Content-Length: %zu\r\nConnection: %s\r\n\r\n",
                     status, server_reason(status), body_len,
                     keep_alive ? "keep-alive" : "close");
    if (n < 0 || (size_t)n >= cap || (!head && (size_t)n + body_len > cap))
        return -ENOSPC;
    if (!head) {
        memcpy(buf + n, body, body_len);
        n += (int)body_len;
    }
    return n;
}
