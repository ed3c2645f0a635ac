// demo_fetch_sequential: the C twin of fetch_sequential.py - N blocking GETs, one
// after another. Usage: demo_fetch_sequential [--url URL] [N [D_MS]] Without --url it
// starts a small local server (delay_server.h) and fetches /delay/D_MS from it.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "delay_server.h"
#include "http_blocking.h"

int main(int argc, char **argv)
{
    const char *url_arg = NULL;
    if (argc > 2 && strcmp(argv[1], "--url") == 0) {
        url_arg = argv[2];
        argc -= 2, argv += 2;
    }
    long n = argc > 1 ? atol(argv[1]) : 5;
    long d_ms = argc > 2 ? atol(argv[2]) : 200;
    if (n <= 0 || n > 100000 || d_ms < 0 || d_ms > 60000) {
        fprintf(stderr, "usage: demo_fetch_sequential [--url URL] [N (1..10^5) [D_MS "
                        "(0..60000)]]\n");
        return 2;
    }
    struct delay_server server = {0};
    char url[128];
    if (url_arg == NULL) {
        int rc = delay_server_start(&server);
        if (rc < 0) {
            fprintf(stderr, "demo_fetch_sequential: cannot start a local server: %s\n",
                    strerror(-rc));
            return 1;
        }
        snprintf(url, sizeof url, "http://127.0.0.1:%d/delay/%ld", server.port, d_ms);
        url_arg = url;
    }

    // [fetch_sequential]
    int64_t start_ns = clock_now_ns();
    int failed = 0;
    for (long i = 0; i < n; i++) {
        struct http_reply reply;
        if (http_blocking_get(url_arg, 10 * NS_PER_S, &reply) < 0) {
            fprintf(stderr, "fetch %ld: %s\n", i, reply.message);
            failed++;
        } else if (i < 3) {
            printf("fetch %ld: %d %s", i, reply.status,
                   reply.body ? reply.body : "\n");
        }
        http_reply_clear(&reply);
    }
    printf("Fetched %s %ld times, one after another, in %.3f s\n", url_arg, n,
           (double)(clock_now_ns() - start_ns) / NS_PER_S);
    // [/fetch_sequential]

    delay_server_stop(&server);
    return failed ? 1 : 0;
}
