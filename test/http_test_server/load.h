// Load generators for the HTTP test server's runner (selftest.c --load / --burst).
#ifndef HTS_LOAD_H
#define HTS_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// CLOCK_MONOTONIC in nanoseconds.
int64_t load_now_ns(void);

// A blocking TCP connection to 127.0.0.1:port, or -1 with errno.
int load_connect(int port);

// Sends all len bytes; false on error.
bool load_send_all(int fd, const char *bytes, size_t len);

struct load_result {
    int answered;     // responses that arrived complete and as expected
    int failed;       // connections that failed (refused, reset, wrong bytes, timed out)
    int64_t total_ns; // from the first connect to the last response
};

// n connections, opened and sent one after another with blocking sockets, then read in order:
// GET /delay/ms on each.
void load_sequential_connects(int port, int n, int ms, struct load_result *result);

// n non-blocking connects at once, then one epoll loop sends GET /delay/ms on each as it
// connects and reads every response: what an async client does. Gives up after 30 s.
void load_burst(int port, int n, int ms, struct load_result *result);

#endif
