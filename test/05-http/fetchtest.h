// fetchtest: what lab 05's client tests share - a test server, a loop on a reactor and a
// session, fetching many URLs at once, and counting file descriptors.
#ifndef FETCHTEST_H
#define FETCHTEST_H

#include <stddef.h>
#include <stdint.h>

#include "http_fetch.h"
#include "http_session.h"
#include "http_test_server.h"
#include "loop.h"
#include "reactor.h"

struct fetch_env {
    struct http_test_server *server;
    int port;
    struct reactor reactor;
    struct loop loop;
    struct http_session session;
};

// Starts the server, then a loop on a reactor and a session with this limit (0: none) and
// timeout per fetch (-1: none). The test fails if any of it fails.
void fetch_env_start(struct fetch_env *env, size_t limit, int64_t timeout_ns);

// Closes the session (the test fails if a connection is still in use), the loop, the
// reactor, and stops the server.
void fetch_env_stop(struct fetch_env *env);

// "http://127.0.0.1:<port><path>" in a buffer of the caller's (at least 64 bytes + path).
char *env_url(const struct fetch_env *env, char *buf, size_t size, const char *path);

// Fetches urls[0..n-1] at once (one task each, awaited with async_wait ALL_COMPLETED),
// filling replies[i]; finished_ns[i] (may be NULL) gets when each task ended, from the start.
// Returns the wall time of the whole run. Every task is freed.
int64_t fetch_all(struct fetch_env *env, char *const urls[], int n, struct http_reply replies[],
                  int64_t finished_ns[]);

// The same for n copies of one path.
int64_t fetch_same(struct fetch_env *env, const char *path, int n, struct http_reply replies[]);

// Fails the test unless every reply is status 200 without error and its body is body.
void expect_all_ok(const struct http_reply replies[], int n, const char *body, const char *what);

// Frees the replies' bodies.
void clear_replies(struct http_reply replies[], int n);

// File descriptors this process has open now (entries of /proc/self/fd).
int count_open_fds(void);

// Raises the soft RLIMIT_NOFILE to the hard limit; the test fails if that stays under want.
void raise_fd_limit(long want);

#endif
