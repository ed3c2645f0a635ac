#include "fetchtest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "async_wait.h"
#include "labtest.h"

void fetch_env_start(struct fetch_env *env, size_t limit, int64_t timeout_ns)
{
    env->server = http_test_server_start();
    cr_assert(env->server != NULL, "could not start the test server: %s", strerror(errno));
    env->port = http_test_server_port(env->server);
    int rc = reactor_init(&env->reactor);
    cr_assert(rc == 0, "reactor_init returned %d (%s); it should return 0", rc, error_name(rc));
    loop_init(&env->loop, &env->reactor.backend);
    rc = http_session_init(&env->session, &env->loop, limit, timeout_ns);
    cr_assert(rc == 0, "http_session_init on a loop that runs on a reactor returned %d (%s); it should return 0",
              rc, error_name(rc));
}

void fetch_env_stop(struct fetch_env *env)
{
    int rc = http_session_close(&env->session);
    cr_assert(rc == 0, "http_session_close: %zu connections are still counted as open after every fetch "
              "ended: a fetch forgot to give its connection back (http_session_put_idle or _discard)",
              env->session.open);
    loop_close(&env->loop);
    reactor_close(&env->reactor);
    http_test_server_stop(env->server);
}

char *env_url(const struct fetch_env *env, char *buf, size_t size, const char *path)
{
    snprintf(buf, size, "http://127.0.0.1:%d%s", env->port, path);
    return buf;
}

struct finish_note {
    int64_t start_ns;
    int64_t *finished_ns;
};

static void note_finish(struct future *f, void *arg)
{
    (void)f;
    struct finish_note *note = arg;
    *note->finished_ns = test_now_ns() - note->start_ns;
}

int64_t fetch_all(struct fetch_env *env, char *const urls[], int n, struct http_reply replies[],
                  int64_t finished_ns[])
{
    struct coro_task **tasks = calloc((size_t)n, sizeof *tasks);
    struct future **futures = calloc((size_t)n, sizeof *futures);
    struct finish_note *notes = calloc((size_t)n, sizeof *notes);
    cr_assert(tasks && futures && notes, "out of memory");
    int64_t start = test_now_ns();
    for (int i = 0; i < n; i++) {
        tasks[i] = http_fetch_task(&env->session, urls[i], &replies[i]);
        cr_assert(tasks[i] != NULL, "http_fetch_task returned NULL (out of memory)");
        futures[i] = coro_task_future(tasks[i]);
        if (finished_ns != NULL) {
            notes[i] = (struct finish_note){.start_ns = start, .finished_ns = &finished_ns[i]};
            finished_ns[i] = -1;
            cr_assert(future_add_done_callback(futures[i], note_finish, &notes[i]) == 0, "out of memory");
        }
    }
    struct async_wait *w = async_wait_create(&env->loop, futures, (size_t)n, WAIT_ALL_COMPLETED, -1);
    cr_assert(w != NULL, "async_wait_create returned NULL (out of memory)");
    int rc = loop_run_until_complete(&env->loop, &w->future);
    cr_assert(rc == 0, "the loop stopped before every fetch was done: loop_run_until_complete returned %d (%s) "
              "(-EDEADLK: a task waits for a socket the reactor never watches; -ENOSYS: a part is not written "
              "yet)", rc, error_name(rc));
    int64_t took = test_now_ns() - start;
    // The done callbacks (ours, the wait's) run on the turn after the last task ends.
    while (true) {
        bool pending = future_callbacks_pending(&w->future);
        for (int i = 0; i < n && !pending; i++)
            pending = future_callbacks_pending(futures[i]);
        if (!pending)
            break;
        rc = loop_run_once(&env->loop);
        cr_assert(rc == 0, "loop_run_once returned %d (%s); it should return 0", rc, error_name(rc));
    }
    async_wait_free(w);
    for (int i = 0; i < n; i++) {
        cr_assert(future_done(futures[i]), "fetch %d of %d never finished", i, n);
        cr_assert(coro_task_free(tasks[i]) == 0, "could not free fetch task %d", i);
    }
    free(tasks);
    free(futures);
    free(notes);
    return took;
}

int64_t fetch_same(struct fetch_env *env, const char *path, int n, struct http_reply replies[])
{
    char url[128];
    env_url(env, url, sizeof url, path);
    char **urls = calloc((size_t)n, sizeof *urls);
    cr_assert(urls != NULL, "out of memory");
    for (int i = 0; i < n; i++)
        urls[i] = url;
    int64_t took = fetch_all(env, urls, n, replies, NULL);
    free(urls);
    return took;
}

void expect_all_ok(const struct http_reply replies[], int n, const char *body, const char *what)
{
    for (int i = 0; i < n; i++) {
        const struct http_reply *r = &replies[i];
        cr_assert(r->error == 0, "%s: fetch %d of %d failed: %s (%s)", what, i, n, strerror(r->error), r->message);
        cr_assert(r->status == 200, "%s: fetch %d of %d has status %d, not 200", what, i, n, r->status);
        cr_assert(r->body_len == strlen(body) && memcmp(r->body, body, r->body_len) == 0,
                  "%s: fetch %d of %d has the body \"%.*s\" (%zu bytes), not \"%s\"", what, i, n,
                  (int)(r->body_len > 80 ? 80 : r->body_len), r->body ? r->body : "", r->body_len, body);
    }
}

void clear_replies(struct http_reply replies[], int n)
{
    for (int i = 0; i < n; i++)
        http_reply_clear(&replies[i]);
}

int count_open_fds(void)
{
    DIR *dir = opendir("/proc/self/fd");
    cr_assert(dir != NULL, "cannot list /proc/self/fd: %s", strerror(errno));
    int n = 0;
    for (struct dirent *e; (e = readdir(dir)) != NULL;)
        if (e->d_name[0] != '.')
            n++;
    closedir(dir);
    return n - 1; // the directory stream itself
}

void raise_fd_limit(long want)
{
    struct rlimit lim;
    cr_assert(getrlimit(RLIMIT_NOFILE, &lim) == 0, "getrlimit: %s", strerror(errno));
    if (lim.rlim_cur != RLIM_INFINITY && (lim.rlim_max == RLIM_INFINITY || lim.rlim_cur < lim.rlim_max)) {
        lim.rlim_cur = lim.rlim_max;
        cr_assert(setrlimit(RLIMIT_NOFILE, &lim) == 0, "setrlimit: %s", strerror(errno));
    }
    cr_assert(lim.rlim_cur == RLIM_INFINITY || (long)lim.rlim_cur >= want,
              "this test needs %ld file descriptors and the hard limit is %ld: raise it (ulimit -Hn)", want,
              (long)lim.rlim_cur);
}
