// The blocking server, and the connection loop it shares with the threaded server.
#define _GNU_SOURCE // accept4: the accepted socket gets its flags in the same call
#include "server.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

// Sends all of buf on a blocking socket (which has a send timeout). 0, or a negative
// errno.
static int send_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EPIPE;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

// Waits until fd is readable, stop_fd is readable, or deadline_ns (clock_now_ns)
// passes. Returns 1 (fd is readable), 0 (the deadline passed), or -ECANCELED (stop).
static int wait_readable(int fd, int stop_fd, int64_t deadline_ns)
{
    for (;;) {
        int64_t left_ns = deadline_ns - clock_now_ns();
        if (left_ns <= 0)
            return 0;
        struct pollfd fds[2] = {{.fd = fd, .events = POLLIN},
                                {.fd = stop_fd, .events = POLLIN}};
        int n = poll(fds, stop_fd >= 0 ? 2 : 1, (int)((left_ns + 999999) / 1000000));
        if (n < 0 && errno != EINTR)
            return -errno;
        if (n > 0 && fds[0].revents != 0)
            return 1;
        if (n > 0 && fds[1].revents != 0)
            return -ECANCELED;
    }
}

// Answers one complete request: runs the app, then writes the response. Returns 0 to
// go on with the connection, or a negative errno to close it.
static int answer_request(int fd, const struct server_config *cfg,
                          const struct request *req, bool keep_alive)
{
    struct app_response resp = {0};
    if (app_handle_blocking(&cfg->app, req, &resp) < 0)
        resp = (struct app_response){.status = 500, .body = "", .body_len = 0};
    char out[512];
    int n = server_format_reply(out, sizeof out, resp.status, resp.body, resp.body_len,
                                keep_alive, strcmp(req->method, "HEAD") == 0);
    if (n < 0)
        return n;
    return send_all(fd, out, (size_t)n);
}

// Answers a request the parser refused, or one that took too long (408), and closes.
static void answer_error(int fd, int status)
{
    char out[256];
    int n = server_format_reply(out, sizeof out, status, "", 0, false, false);
    if (n > 0)
        send_all(fd, out, (size_t)n);
}

// [serve_connection]
long server_serve_connection(int fd, int stop_fd, const struct server_config *cfg,
                             bool keep_alive_allowed)
{
    struct request_parser p;
    request_parser_init(&p);
    char buf[4096];
    long answered = 0;
    // TODO(lab 06): read, parse and answer requests in order until the client is
    // done; a refused request gets its status, a slow one 408; idle gives way to stop.
    // Chapter 6, "One connection at a time"; hints: #hints-serve-connection.
    (void)stop_fd, (void)cfg, (void)buf, (void)answer_request, (void)answer_error,
        (void)wait_readable, (void)keep_alive_allowed;
    request_parser_free(&p);
    close(fd);
    return answered;
}
// [/serve_connection]

// [blocking_run]
int server_blocking_run(int listen_fd, int stop_fd, const struct server_config *cfg,
                        struct server_stats *stats)
{
    struct server_stats seen = {0};
    int rc = 0;
    while (rc == 0) {
        struct pollfd fds[2] = {{.fd = listen_fd, .events = POLLIN},
                                {.fd = stop_fd, .events = POLLIN}};
        if (poll(fds, 2, -1) < 0 && errno != EINTR)
            rc = -errno;
        else if (fds[1].revents != 0) // a stop (or a stop_fd that is none: an error)
            rc = fds[1].revents & POLLNVAL ? -EBADF : 1;
        if (rc != 0 || fds[0].revents == 0)
            continue;
        int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            rc = server_accept_error(errno);
            if (rc == SERVER_ACCEPT_PAUSE) {
                poll(&fds[1], 1, SERVER_ACCEPT_PAUSE_MS); // a stop ends it early
                rc = 0;
            }
            continue;
        }
        // A client that stops reading must not hold the only thread forever.
        struct timeval tv = {.tv_sec = cfg->header_ms / 1000,
                             .tv_usec = (cfg->header_ms % 1000) * 1000};
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        seen.connections++;
        seen.peak_concurrent = 1;
        // One request per connection, as Flask's server does with threaded=False (it
        // speaks HTTP/1.0 then): a kept-alive idle connection would hold the only
        // thread while every other client waits.
        seen.requests += server_serve_connection(fd, stop_fd, cfg, false);
    }
    if (stats != NULL)
        *stats = seen;
    return rc < 0 ? rc : 0;
}
// [/blocking_run]
