// http_errors: a request that fails fails alone - a clear error for it, the others unharmed,
// nothing crashed and no descriptor leaked.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "fetchtest.h"
#include "http_response.h"
#include "labtest.h"

LAB_SUITE(http_errors, 30);

// Fetches /get five times with `path` in the middle (index 2); checks the four others and
// that nothing leaked, and leaves the middle reply in *bad.
static void one_bad_among_good(const char *path, int64_t timeout_ns, struct http_reply *bad, int64_t *bad_after_ns,
                               int64_t *good_after_ns)
{
    int fds_before = count_open_fds();
    struct fetch_env env;
    fetch_env_start(&env, 0, timeout_ns);
    char urls[5][128];
    char *list[5];
    for (int i = 0; i < 5; i++)
        list[i] = env_url(&env, urls[i], sizeof urls[i], i == 2 ? path : "/get");
    struct http_reply replies[5];
    int64_t finished[5];
    fetch_all(&env, list, 5, replies, finished);
    *bad = replies[2];
    replies[2] = (struct http_reply){0};
    *bad_after_ns = finished[2];
    *good_after_ns = 0;
    for (int i = 0; i < 5; i++) {
        if (i == 2)
            continue;
        cr_assert(replies[i].error == 0 && replies[i].status == 200,
                  "beside a fetch of %s, fetch %d of /get failed: %s (%s): an error must stay with its own request",
                  path, i, strerror(replies[i].error), replies[i].message);
        if (finished[i] > *good_after_ns)
            *good_after_ns = finished[i];
    }
    clear_replies(replies, 5);
    fetch_env_stop(&env);
    int fds_after = count_open_fds();
    cr_assert(fds_after == fds_before, "a fetch of %s among good ones left %d descriptors open: every path out of "
              "the fetch must close or pool its connection (and a failed connect must close its socket)", path,
              fds_after - fds_before);
}

Test(http_errors, a_request_that_is_never_answered_times_out_alone)
{
    const int64_t timeout = scaled_ms(300);
    struct http_reply bad;
    int64_t bad_after, good_after;
    one_bad_among_good("/never", timeout * NS_PER_MS, &bad, &bad_after, &good_after);
    cr_assert(bad.error == ETIMEDOUT, "a fetch of /never with a %lld ms timeout ended with %s (%s), not ETIMEDOUT: "
              "every wait of the fetch needs the deadline (fd_wait_start's timer)", (long long)timeout,
              strerror(bad.error), bad.message);
    cr_assert(bad_after >= timeout * NS_PER_MS, "the fetch of /never timed out after %.1f ms, before its %lld ms",
              ns_as_ms(bad_after), (long long)timeout);
    cr_assert(bad_after < 2 * timeout * NS_PER_MS, "the fetch of /never timed out only after %.1f ms (timeout %lld ms)",
              ns_as_ms(bad_after), (long long)timeout);
    cr_assert(good_after < timeout * NS_PER_MS, "the good fetches beside /never ended only after %.1f ms: they must "
              "not wait for the one that times out", ns_as_ms(good_after));
    cr_assert(strlen(bad.message) > 0, "a timed-out fetch should say so in reply->message");
    http_reply_clear(&bad);
}

Test(http_errors, garbage_is_a_protocol_error_with_the_parsers_message)
{
    struct http_reply bad;
    int64_t bad_after, good_after;
    one_bad_among_good("/garbage", -1, &bad, &bad_after, &good_after);
    cr_assert(bad.error == EPROTO, "a fetch of /garbage ended with %s (%s), not EPROTO: a parser error is a "
              "malformed response", strerror(bad.error), bad.message);
    // What the parser itself says about these bytes must be in the message.
    struct http_response_parser p;
    http_response_parser_init(&p, false);
    size_t used;
    http_response_parse(&p, HTTP_TEST_SERVER_GARBAGE, sizeof HTTP_TEST_SERVER_GARBAGE - 1, &used);
    cr_assert(strstr(bad.message, p.error) != NULL, "the message for /garbage, \"%s\", should carry the parser's "
              "own, \"%s\" (p->error)", bad.message, p.error);
    http_response_parser_free(&p);
    http_reply_clear(&bad);
}

Test(http_errors, a_body_cut_short_is_an_error_for_that_request_only)
{
    struct http_reply bad;
    int64_t bad_after, good_after;
    one_bad_among_good("/close-mid-body", -1, &bad, &bad_after, &good_after);
    cr_assert(bad.error == ECONNRESET, "a fetch of /close-mid-body (500 of 1000 bytes, then the server closes) ended "
              "with %s (%s), not ECONNRESET: recv returning 0 goes to http_response_finish, which says TRUNCATED",
              strerror(bad.error), bad.message);
    cr_assert(bad.status == 0 && bad.body == NULL, "a truncated response must not be handed over as a reply "
              "(status %d, %zu body bytes)", bad.status, bad.body_len);
    http_reply_clear(&bad);
}

Test(http_errors, a_refused_connection_is_an_error_for_that_request_only)
{
    int fds_before = count_open_fds();
    struct fetch_env env;
    fetch_env_start(&env, 0, -1);
    char good[96], refused[96];
    env_url(&env, good, sizeof good, "/get");
    snprintf(refused, sizeof refused, "http://127.0.0.1:%d/get", http_test_server_refused_port(env.server));
    char *urls[] = {good, refused, good};
    struct http_reply replies[3];
    fetch_all(&env, urls, 3, replies, NULL);
    cr_assert(replies[1].error == ECONNREFUSED, "a fetch from a port where nobody listens ended with %s (%s), not "
              "ECONNREFUSED: after the non-blocking connect, read SO_ERROR", strerror(replies[1].error),
              replies[1].message);
    // Over loopback a refused connect may still say EINPROGRESS, and the socket is then
    // "writable" with the refusal in SO_ERROR. A connect that skips SO_ERROR hands back a dead
    // socket, and the refusal surfaces later, from send.
    cr_assert(strstr(replies[1].message, "connecting") != NULL, "the refused fetch says \"%s\": it should fail "
              "while connecting. A socket that poll or epoll reports writable after a non-blocking connect is not "
              "necessarily connected: async_connect must read SO_ERROR before it returns the socket",
              replies[1].message);
    cr_assert(replies[0].status == 200 && replies[2].status == 200, "beside a refused fetch the good ones got %d "
              "and %d (%s)", replies[0].status, replies[2].status, replies[0].message);
    clear_replies(replies, 3);
    fetch_env_stop(&env);
    cr_assert(count_open_fds() == fds_before, "a refused connection leaked %d descriptors: close the socket when "
              "the connect fails", count_open_fds() - fds_before);
}

// A port on 127.0.0.1 where a handshake never finishes: a listening socket with a backlog of 0
// that nobody accepts from. Linux drops every SYN once its accept queue holds one connection,
// so the test fills the queue first, with connects it keeps in fillers[] (closed by the caller
// with the listener). Returns the port; the test fails if the first filler does not get in or
// if the last one still does.
static int port_that_never_accepts(int *listener, int fillers[], int n_fillers)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    *listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    cr_assert(*listener >= 0 && bind(*listener, (struct sockaddr *)&addr, sizeof addr) == 0 &&
                  listen(*listener, 0) == 0 && getsockname(*listener, (struct sockaddr *)&addr, &len) == 0,
              "could not set up a listening socket: %s", strerror(errno));
    for (int i = 0; i < n_fillers; i++) {
        fillers[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        cr_assert(fillers[i] >= 0, "socket: %s", strerror(errno));
        connect(fillers[i], (struct sockaddr *)&addr, sizeof addr); // EINPROGRESS, done or not
    }
    struct pollfd first = {.fd = fillers[0], .events = POLLOUT};
    struct pollfd last = {.fd = fillers[n_fillers - 1], .events = POLLOUT};
    bool first_in = poll(&first, 1, (int)scaled_ms(1000)) == 1, last_in = poll(&last, 1, (int)scaled_ms(20)) == 1;
    cr_assert(first_in && !last_in, "could not make a port whose handshakes never finish (of %d connects there, "
              "the first %s and the last %s): the test needs Linux's drop of SYNs on a full accept queue",
              n_fillers, first_in ? "finished" : "did not finish", last_in ? "finished too" : "did not");
    return ntohs(addr.sin_port);
}

Test(http_errors, a_connect_that_never_completes_times_out_while_connecting)
{
    const int64_t timeout = scaled_ms(200);
    int fds_before = count_open_fds();
    int listener, fillers[3];
    int port = port_that_never_accepts(&listener, fillers, 3);
    struct fetch_env env;
    fetch_env_start(&env, 0, timeout * NS_PER_MS);
    char good[96], stuck[96];
    env_url(&env, good, sizeof good, "/get");
    snprintf(stuck, sizeof stuck, "http://127.0.0.1:%d/get", port);
    char *urls[] = {good, stuck, good};
    struct http_reply replies[3];
    int64_t finished[3];
    fetch_all(&env, urls, 3, replies, finished);
    cr_assert(replies[1].error == ETIMEDOUT, "a fetch from a server that never completes the handshake ended with "
              "%s (%s), not ETIMEDOUT", strerror(replies[1].error), replies[1].message);
    cr_assert(strstr(replies[1].message, "connecting") != NULL, "the fetch whose handshake never finished timed out "
              "but says \"%s\": it should time out while connecting. When connect says EINPROGRESS and the "
              "socket is not writable yet, async_connect must wait for FD_WRITABLE before it returns the socket",
              replies[1].message);
    cr_assert(finished[1] >= timeout * NS_PER_MS && finished[1] < 2 * timeout * NS_PER_MS, "the stuck connect "
              "timed out after %.1f ms; its timeout was %lld ms", ns_as_ms(finished[1]), (long long)timeout);
    cr_assert(replies[0].status == 200 && replies[2].status == 200 && finished[0] < timeout * NS_PER_MS &&
                  finished[2] < timeout * NS_PER_MS,
              "beside a connect that never completes the good fetches got %d and %d (%s), after %.1f and %.1f ms: "
              "they must not wait for it", replies[0].status, replies[2].status, replies[0].message,
              ns_as_ms(finished[0]), ns_as_ms(finished[2]));
    clear_replies(replies, 3);
    fetch_env_stop(&env);
    for (int i = 0; i < 3; i++)
        close(fillers[i]);
    close(listener);
    cr_assert(count_open_fds() == fds_before, "a connect that timed out leaked %d descriptors: close the socket "
              "when the connect fails", count_open_fds() - fds_before);
}

Test(http_errors, a_bad_url_fails_at_once_with_einval)
{
    struct fetch_env env;
    fetch_env_start(&env, 0, -1);
    char good[96];
    env_url(&env, good, sizeof good, "/get");
    char *urls[] = {"https://127.0.0.1/", good};
    struct http_reply replies[2];
    fetch_all(&env, urls, 2, replies, NULL);
    cr_assert(replies[0].error == EINVAL && strlen(replies[0].message) > 0, "a fetch of an https URL gave %s (%s)",
              strerror(replies[0].error), replies[0].message);
    cr_assert(replies[1].status == 200, "the good fetch beside it failed: %s", replies[1].message);
    clear_replies(replies, 2);
    fetch_env_stop(&env);
}

static void cancel_task(void *arg)
{
    coro_task_cancel(arg);
}

Test(http_errors, a_cancelled_fetch_closes_its_connection_and_gives_back_its_slot)
{
    const int64_t d = scaled_ms(50);
    int fds_before = count_open_fds();
    struct fetch_env env;
    fetch_env_start(&env, 1, -1); // one slot: the /get waits behind the /never
    char never[96], get[96];
    env_url(&env, never, sizeof never, "/never");
    env_url(&env, get, sizeof get, "/get");
    struct http_reply replies[2];
    struct coro_task *stuck = http_fetch_task(&env.session, never, &replies[0]);
    struct coro_task *next = http_fetch_task(&env.session, get, &replies[1]);
    cr_assert(stuck && next, "http_fetch_task returned NULL (out of memory)");
    loop_call_later(&env.loop, d * NS_PER_MS, cancel_task, stuck);
    int rc = loop_run_until_complete(&env.loop, coro_task_future(next));
    cr_assert(rc == 0, "loop_run_until_complete returned %d (%s); it should return 0", rc, error_name(rc));
    cr_assert(future_done(coro_task_future(stuck)), "the /get finished before the cancelled /never did");
    cr_assert(replies[0].error == ECANCELED, "the cancelled fetch ended with %s (%s), not ECANCELED",
              strerror(replies[0].error), replies[0].message);
    cr_assert(replies[1].status == 200, "the fetch queued behind a cancelled one got %d (%s): the cancelled fetch "
              "must give its slot back", replies[1].status, replies[1].message);
    while (future_callbacks_pending(coro_task_future(stuck)) || future_callbacks_pending(coro_task_future(next)))
        loop_run_once(&env.loop);
    coro_task_free(stuck);
    coro_task_free(next);
    clear_replies(replies, 2);
    fetch_env_stop(&env);
    cr_assert(count_open_fds() == fds_before, "a cancelled fetch leaked %d descriptors: its connection must be "
              "closed", count_open_fds() - fds_before);
}

// A server that sends its response a byte at a time, each byte well within the timeout: the
// timeout is for the whole request, so the fetch must still end at its deadline. A deadline
// computed again for each recv never passes while bytes keep coming.
Test(http_errors, a_response_that_trickles_in_still_times_out_at_the_deadline)
{
    const int64_t timeout = scaled_ms(300), drip = scaled_ms(20);
    char path[32];
    snprintf(path, sizeof path, "/drip/%lld", (long long)drip); // about 90 bytes: 1.8 s and more
    struct http_reply bad;
    int64_t bad_after, good_after;
    one_bad_among_good(path, timeout * NS_PER_MS, &bad, &bad_after, &good_after);
    cr_assert(bad.error == ETIMEDOUT, "a fetch of %s (a byte every %lld ms) with a %lld ms timeout ended with "
              "%s (status %d, %s) after %.1f ms, not ETIMEDOUT: the timeout is for the whole request, one "
              "deadline set when the fetch starts (f->deadline_ns) and given to every wait, not a new one "
              "for each recv", path, (long long)drip, (long long)timeout, bad.error ? strerror(bad.error) : "no error",
              bad.status, bad.message, ns_as_ms(bad_after));
    cr_assert(bad_after >= timeout * NS_PER_MS, "the fetch of %s timed out after %.1f ms, before its %lld ms",
              path, ns_as_ms(bad_after), (long long)timeout);
    cr_assert(bad_after < 4 * timeout * NS_PER_MS, "the fetch of %s timed out only after %.1f ms (timeout %lld "
              "ms): every wait of the fetch gets the same deadline", path, ns_as_ms(bad_after), (long long)timeout);
    http_reply_clear(&bad);
}

// One slot; a fetch holds it, a second waits for it and is cancelled there, a third waits
// behind the second. The cancelled one must leave the queue: a waiter left in it takes the
// slot when it is released, and nobody ever gives it back.
Test(http_errors, a_fetch_cancelled_while_it_waits_for_a_slot_leaves_the_queue)
{
    const int64_t d = scaled_ms(100);
    struct fetch_env env;
    fetch_env_start(&env, 1, scaled_ms(3000) * NS_PER_MS);
    char slow[96], get[96], path[32];
    snprintf(path, sizeof path, "/delay/%lld", (long long)d);
    env_url(&env, slow, sizeof slow, path);
    env_url(&env, get, sizeof get, "/get");
    struct http_reply replies[3];
    struct coro_task *holder = http_fetch_task(&env.session, slow, &replies[0]);
    struct coro_task *cancelled = http_fetch_task(&env.session, get, &replies[1]);
    struct coro_task *last = http_fetch_task(&env.session, get, &replies[2]);
    cr_assert(holder && cancelled && last, "http_fetch_task returned NULL (out of memory)");
    loop_call_later(&env.loop, d / 2 * NS_PER_MS, cancel_task, cancelled);
    int64_t start = test_now_ns();
    int rc = loop_run_until_complete(&env.loop, coro_task_future(last));
    int64_t took = test_now_ns() - start;
    cr_assert(rc == 0, "loop_run_until_complete returned %d (%s); it should return 0 (-ENOSYS: a part is not "
              "written yet)", rc, error_name(rc));
    cr_assert(replies[1].error == ECANCELED, "the fetch cancelled while it waited for a slot ended with %s (%s), "
              "not ECANCELED", strerror(replies[1].error), replies[1].message);
    cr_assert(replies[0].status == 200, "the fetch that held the slot got %d (%s)", replies[0].status,
              replies[0].message);
    cr_assert(replies[2].error == 0 && replies[2].status == 200, "the fetch queued behind a cancelled one ended "
              "with %s (%s) after %.1f ms: the cancelled fetch stayed in the slot queue and took the slot when "
              "it was released. When the wait for a slot ends with an error (ECANCELED too), the fetch must "
              "leave the queue (async_semaphore_give_up) before it goes to done",
              replies[2].error ? strerror(replies[2].error) : "no error", replies[2].message, ns_as_ms(took));
    cr_assert(took >= d * NS_PER_MS, "the fetch queued behind the slot's holder finished after %.1f ms, before "
              "the holder's %lld ms: it got a slot that was not free", ns_as_ms(took), (long long)d);
    while (future_callbacks_pending(coro_task_future(holder)) ||
           future_callbacks_pending(coro_task_future(cancelled)) || future_callbacks_pending(coro_task_future(last)))
        loop_run_once(&env.loop);
    coro_task_free(holder);
    coro_task_free(cancelled);
    coro_task_free(last);
    clear_replies(replies, 3);
    fetch_env_stop(&env);
}
