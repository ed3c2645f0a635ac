// The event-loop server: many clients at once on /work, each answered in about d
// (its ten sleeps are gathered, and the clients' requests overlap); real clients nobody
// here wrote; keep-alive, pipelining, HTTP/1.0.
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labtest.h"
#include "servertest.h"

LAB_SUITE(loop_server, 30);

// Clients at once on /work. The tutorial's 1000 is the bench's (make bench): on a loaded
// 2-core test machine a thousand connects in a burst can outlast the bound.
#define WORK_CLIENTS 150

static const char work_request[] = "GET /work HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

Test(loop_server, many_clients_on_work_are_all_answered_200_in_about_d)
{
    static struct test_server s;
    int64_t d = scaled_ms(100);
    s.cfg = test_config(d);
    test_server_start(&s, SERVER_LOOP, 1024);
    static struct client_result res[WORK_CLIENTS];
    int64_t start = clients_run(&s, WORK_CLIENTS, work_request, 40 * d * 1000000, res);
    int64_t last = start;
    int answered = 0, first_bad = -1;
    for (int i = 0; i < WORK_CLIENTS; i++) {
        if (res[i].status == 200 && strcmp(res[i].body, "worked\n") == 0) {
            answered++;
            if (res[i].done_ns > last)
                last = res[i].done_ns;
        } else if (first_bad < 0) {
            first_bad = i;
        }
    }
    cr_assert(answered == WORK_CLIENTS,
              "%d of %d clients on /work (ten sleeps of d = %lld ms) were answered 200 "
              "\"worked\\n\" within 40 d; the first that was not, client %d, got status %d "
              "(error %s): \"%.80s\". A handler that blocks the loop's thread (sleep_ms in a "
              "coroutine) makes everyone wait in turn", answered, WORK_CLIENTS, (long long)d,
              first_bad + 1, first_bad >= 0 ? res[first_bad].status : 0,
              error_name(first_bad >= 0 ? res[first_bad].error : 0),
              first_bad >= 0 ? res[first_bad].raw : "");
    for (int i = 0; i < WORK_CLIENTS; i++)
        cr_assert(res[i].done_ns - start >= d * 1000000,
                  "client %d was answered after %.1f ms, before the d = %lld ms that /work's "
                  "sleeps take at least", i + 1, ns_as_ms(res[i].done_ns - start), (long long)d);
    double total_ms = ns_as_ms(last - start);
    cr_assert(total_ms < 4.0 * (double)d,
              "%d clients on /work (ten sleeps of d = %lld ms each) took %.0f ms in all; with "
              "the sleeps gathered and the connections served side by side it is about d "
              "(allowed: under 4 d). 10 d each means the sleeps run one after another "
              "(app_handle_async); %d d means the connections do (server_conn)",
              WORK_CLIENTS, (long long)d, total_ms, WORK_CLIENTS);
    test_server_stop(&s, 20 * d * 1000000);
}

// Runs argv (an absolute path first) and returns its stdout, NUL-terminated, in out.
static int run_program(char *const argv[], char *out, size_t cap)
{
    int p[2];
    cr_assert(pipe(p) == 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    pid_t pid;
    extern char **environ;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    cr_assert(rc == 0, "could not run %s: %s", argv[0], strerror(rc));
    long n = client_read_all(p[0], out, cap, scaled_ms(10000) * 1000000);
    close(p[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (n < 0)
        out[0] = '\0';
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

Test(loop_server, hello_world_is_answered_to_curl_and_to_pythons_http_client)
{
    static struct test_server s;
    s.cfg = test_config(scaled_ms(100));
    test_server_start(&s, SERVER_LOOP, 128);
    test_server_check_running(&s);
    char url[64], port[16], out[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/", s.port);
    snprintf(port, sizeof port, "%u", s.port);

    char *curl[] = {"/usr/bin/curl", "-s", "-S", "--max-time", "10", url, NULL};
    int rc = run_program(curl, out, sizeof out);
    cr_assert(rc == 0 && strcmp(out, "Hello, world!\n") == 0,
              "curl %s exited with %d and printed \"%s\"; expected \"Hello, world!\\n\"", url,
              rc, out);

    // Python's http.client keeps the connection and sends three requests on it.
    char *python[] = {"/usr/bin/python3", "-c",
                      "import http.client, sys\n"
                      "c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)\n"
                      "for path in ['/', '/nothing-here', '/']:\n"
                      "    c.request('GET', path)\n"
                      "    r = c.getresponse()\n"
                      "    print(r.status, r.read().decode().strip())\n",
                      port, NULL};
    rc = run_program(python, out, sizeof out);
    cr_assert(rc == 0 && strcmp(out, "200 Hello, world!\n404 not found\n200 Hello, world!\n") == 0,
              "Python's http.client sent GET /, /nothing-here and / on one connection; it exited "
              "with %d and printed:\n%s\nexpected 200 Hello, world!, 404 not found, 200 Hello, "
              "world! (keep-alive: the connection carries the next request)", rc, out);
    test_server_stop(&s, scaled_ms(2000) * 1000000);
}
