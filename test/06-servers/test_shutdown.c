// SIGTERM: the event-loop server stops accepting, answers the request in flight, and
// the process exits 0.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labtest.h"
#include "servertest.h"

LAB_SUITE(shutdown, 30);

Test(shutdown, sigterm_answers_the_request_in_flight_and_the_process_exits_0)
{
    int64_t d = scaled_ms(200);
    uint16_t port = 0;
    int listen_fd = server_listen(0, 128, &port);
    cr_assert(listen_fd >= 0, "server_listen returned %s", error_name(listen_fd));
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int stop_fd = server_signal_fd();
        struct server_config cfg = test_config(d);
        int rc = stop_fd < 0 ? stop_fd : server_loop_run(listen_fd, stop_fd, &cfg, NULL);
        _exit(rc == 0 ? 0 : 3);
    }
    close(listen_fd);
    int fd = -1;
    for (int tries = 0; tries < 100 && fd < 0; tries++)
        fd = client_connect(port);
    cr_assert(fd >= 0);
    static const char req[] = "GET /sleep HTTP/1.1\r\nHost: t\r\n\r\n";
    cr_assert(send(fd, req, sizeof req - 1, 0) == (ssize_t)(sizeof req - 1));
    struct timespec half = {.tv_sec = 0, .tv_nsec = d * 1000000 / 2};
    nanosleep(&half, NULL);
    kill(pid, SIGTERM);
    static char got[1024];
    long n = client_read_all(fd, got, sizeof got, 20 * d * 1000000);
    close(fd);
    int status = 0;
    pid_t w = 0;
    for (int i = 0; i < 200 && w == 0; i++) {
        w = waitpid(pid, &status, WNOHANG);
        if (w == 0)
            nanosleep(&half, NULL);
    }
    if (w == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    cr_assert(n > 0 && strncmp(got, "HTTP/1.1 200", 12) == 0 && strstr(got, "slept\n"),
              "SIGTERM arrived while /sleep ran (d = %lld ms); the client got (%ld bytes):\n%s\n"
              "expected its 200 \"slept\": a graceful stop finishes the requests in flight",
              (long long)d, n, got);
    cr_assert(strstr(got, "Connection: close") != NULL,
              "the answer to a request that was in flight while stopping should say "
              "Connection: close (the connection will not carry another):\n%s", got);
    cr_assert(w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "after SIGTERM the server's process should exit 0 once the request in flight is "
              "answered; it %s %d", w != pid ? "was still running and was killed, status"
              : WIFEXITED(status) ? "exited with" : "died of signal",
              w != pid ? 0 : WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    cr_assert(client_connect(port) < 0 && (errno == ECONNREFUSED),
              "after the server exited, a new connection should be refused (errno %s)",
              strerror(errno));
}
