// rs_fetch: lab 05's reference client against a server nobody on the project wrote.
// Usage: rs_fetch [--limit L] [--rounds R] [--pause-ms MS] --out DIR URL...
//
// Runs R rounds over ONE session (so its pool carries kept-alive connections from one round
// to the next); in each round every URL is fetched at once, and then the client sleeps MS
// milliseconds (a pause longer than the server's keep-alive timeout lets the server close
// the pooled connections: the next round must notice). Each body goes to DIR/R.I (round R,
// URL number I), and one line per fetch goes to stdout:
//     fetch R I STATUS BODY_LEN ERROR_MESSAGE
// then "session connects N reuses N dropped N". Exits 1 when any fetch failed.
// tools/check/realservers.sh runs it and compares the bodies with the server's files.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "coro_task.h"
#include "http_fetch.h"
#include "http_session.h"
#include "reactor.h"

static int write_body(const char *dir, int round, int i, const struct http_reply *r)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%d.%d", dir, round, i);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    size_t n = r->body_len ? fwrite(r->body, 1, r->body_len, f) : 0;
    return fclose(f) == 0 && n == r->body_len ? 0 : -1;
}

// One round: every URL at once; the loop runs until each task is done.
static int fetch_round(struct loop *loop, struct http_session *s, char **urls, int n,
                       const char *dir, int round)
{
    struct http_reply *replies = calloc((size_t)n, sizeof *replies);
    struct coro_task **tasks = calloc((size_t)n, sizeof *tasks);
    int failed = 0;
    if (replies == NULL || tasks == NULL) {
        free(replies);
        free(tasks);
        return n;
    }
    for (int i = 0; i < n; i++)
        tasks[i] = http_fetch_task(s, urls[i], &replies[i]);
    for (int i = 0; i < n; i++) {
        if (tasks[i] == NULL) {
            failed++;
            continue;
        }
        loop_run_until_complete(loop, coro_task_future(tasks[i]));
        while (future_callbacks_pending(coro_task_future(tasks[i])))
            loop_run_once(loop);
    }
    for (int i = 0; i < n; i++) {
        if (tasks[i] == NULL)
            continue;
        const struct http_reply *r = &replies[i];
        printf("fetch %d %d %d %zu %s\n", round, i, r->status, r->body_len,
               r->error ? r->message : "-");
        if (r->error != 0 || write_body(dir, round, i, r) != 0)
            failed++;
        coro_task_free(tasks[i]);
        http_reply_clear(&replies[i]);
    }
    free(replies);
    free(tasks);
    return failed;
}

int main(int argc, char **argv)
{
    long limit = 0, rounds = 1, pause_ms = 0;
    const char *dir = NULL;
    int a = 1;
    for (; a + 1 < argc && strncmp(argv[a], "--", 2) == 0; a += 2) {
        if (strcmp(argv[a], "--limit") == 0)
            limit = atol(argv[a + 1]);
        else if (strcmp(argv[a], "--rounds") == 0)
            rounds = atol(argv[a + 1]);
        else if (strcmp(argv[a], "--pause-ms") == 0)
            pause_ms = atol(argv[a + 1]);
        else if (strcmp(argv[a], "--out") == 0)
            dir = argv[a + 1];
        else
            break;
    }
    if (dir == NULL || a >= argc || limit < 0 || rounds < 1 || pause_ms < 0) {
        fprintf(stderr, "usage: rs_fetch [--limit L] [--rounds R] [--pause-ms MS] --out DIR URL...\n");
        return 2;
    }
    struct reactor reactor;
    struct loop loop;
    struct http_session session;
    if (reactor_init(&reactor) != 0) {
        fprintf(stderr, "rs_fetch: epoll: %s\n", strerror(errno));
        return 1;
    }
    loop_init(&loop, &reactor.backend);
    http_session_init(&session, &loop, (size_t)limit, 10 * NS_PER_S);
    int failed = 0;
    for (int round = 0; round < rounds; round++) {
        if (round > 0 && pause_ms > 0) {
            struct timespec pause = {pause_ms / 1000, (pause_ms % 1000) * 1000000};
            nanosleep(&pause, NULL);
        }
        failed += fetch_round(&loop, &session, argv + a, argc - a, dir, round);
    }
    printf("session connects %llu reuses %llu dropped %llu\n",
           (unsigned long long)session.connects, (unsigned long long)session.reuses,
           (unsigned long long)session.dropped);
    http_session_close(&session);
    loop_close(&loop);
    reactor_close(&reactor);
    return failed ? 1 : 0;
}
