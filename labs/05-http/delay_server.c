#include "delay_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// Serves one connection in its own process: read the request head,
// wait, answer, close.
static void serve_one(int conn)
{
    char request[4096];
    size_t len = 0;
    while (len < sizeof request - 1 &&
           (len < 4 || memcmp(request + len - 4, "\r\n\r\n", 4) != 0)) {
        ssize_t n = read(conn, request + len, sizeof request - 1 - len);
        if (n <= 0)
            _exit(0);
        len += (size_t)n;
    }
    request[len] = '\0';
    long ms = -1;
    char body[64] = "{}\n";
    if (sscanf(request, "GET /delay/%ld", &ms) == 1 && ms >= 0 && ms <= 60000) {
        snprintf(body, sizeof body, "{\"delay_ms\":%ld}\n", ms);
        struct timespec pause = {.tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000};
        while (nanosleep(&pause, &pause) != 0 && errno == EINTR)
            continue;
    }
    char response[256];
    int n = snprintf(
        response, sizeof response,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
        "Connection: close\r\n\r\n%s",
        strlen(body), body);
    if (write(conn, response, (size_t)n) < 0)
        _exit(1);
    _exit(0);
}

static void serve(int listener)
{
    signal(SIGCHLD, SIG_IGN); // the kernel reaps the children
    alarm(60);                // never outlive a demo by much, whatever happens to it
    for (;;) {
        int conn = accept(listener, NULL, NULL);
        if (conn < 0)
            continue;
        pid_t pid = fork();
        if (pid == 0) {
            close(listener);
            serve_one(conn);
        }
        close(conn);
    }
}

int delay_server_start(struct delay_server *server)
{
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0)
        return -errno;
    struct sockaddr_in addr = {.sin_family = AF_INET,
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t addr_len = sizeof addr;
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        listen(listener, 4096) != 0 ||
        getsockname(listener, (struct sockaddr *)&addr, &addr_len) != 0) {
        int error = errno;
        close(listener);
        return -error;
    }
    server->port = ntohs(addr.sin_port);
    server->pid = fork();
    int error = server->pid < 0 ? errno : 0;
    if (server->pid == 0)
        serve(listener);
    close(listener);
    return -error;
}

void delay_server_stop(struct delay_server *server)
{
    if (server->pid > 0) {
        kill(server->pid, SIGTERM);
        waitpid(server->pid, NULL, 0);
        server->pid = 0;
    }
}
