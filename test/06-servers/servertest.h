// servertest: what the server tests share - a server of the lab run on a thread of the
// test, and clients written here (nobody's code but the instructor's), many at once on
// one epoll, each reporting its status or its error.
#ifndef SERVERTEST_H
#define SERVERTEST_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server.h"

enum server_kind { SERVER_BLOCKING, SERVER_THREADED, SERVER_LOOP };

struct test_server {
    enum server_kind kind;
    struct server_config cfg;
    int listen_fd, stop[2];
    uint16_t port;
    pthread_t thread;
    bool running;
    atomic_bool returned;       // the run function has returned
    int rc;                     // what the run function returned
    struct server_stats stats;  // what it reported
};

// A configuration for d (scaled already): header_ms 4 d, idle_ms 8 d, shutdown_ms 10 d,
// max_threads 64.
struct server_config test_config(int64_t d_ms);

// Listens on a free port of 127.0.0.1 with backlog and runs the server on a thread.
// s->cfg must be set. Fails the test when it cannot.
void test_server_start(struct test_server *s, enum server_kind kind, int backlog);

// Gives the server a moment (50 ms) and fails the test if its run function has
// returned meanwhile: a server that is not running would leave a client waiting for
// its whole timeout.
void test_server_check_running(struct test_server *s);

// Makes the stop descriptor readable and waits for the server's thread to end (up to
// limit_ns: else the test fails, naming the server). Closes the listening socket.
void test_server_stop(struct test_server *s, int64_t limit_ns);

// "blocking", "threaded" or "event-loop", for messages.
const char *server_kind_name(enum server_kind kind);

struct client_result {
    int status;          // the response's status code, or 0
    int error;           // 0, or what went wrong (ECONNREFUSED, ECONNRESET, ETIMEDOUT...)
    int64_t done_ns;     // test_now_ns() when the response was complete
    char body[64];       // the start of the response's body
    char raw[512];       // the start of the whole response
    size_t raw_len;
};

// Runs n clients at once against server s: each connects, sends request (all of it, in
// one send), and reads until the server closes. Stops waiting after timeout_ns (the
// clients not done then get ETIMEDOUT), or as soon as the server's run function has
// returned (ESHUTDOWN: a server that is not running answers nobody). Returns
// test_now_ns() at the start.
int64_t clients_run(const struct test_server *s, int n, const char *request,
                    int64_t timeout_ns, struct client_result *res);

// A blocking socket connected to 127.0.0.1:port, or -1.
int client_connect(uint16_t port);

// Waits until the accept queue of listen_fd holds exactly n connections (Linux reports
// a listening socket's queue length as TCP_INFO's tcpi_unacked), at most timeout_ns.
// Whether it got there.
bool accept_queue_reaches(int listen_fd, unsigned n, int64_t timeout_ns);

// Reads until the peer closes or timeout_ns passes, into buf (NUL-terminated). Returns
// the bytes read, or -1 on a timeout or an error.
long client_read_all(int fd, char *buf, size_t cap, int64_t timeout_ns);

// How many descriptors this process has open.
int test_open_fds(void);

#endif
