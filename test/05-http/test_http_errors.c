// http_errors: a request that fails fails alone - a clear error for it, the others unharmed,
// nothing crashed and no descriptor leaked.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    cr_assert(replies[0].status == 200 && replies[2].status == 200, "beside a refused fetch the good ones got %d "
              "and %d (%s)", replies[0].status, replies[2].status, replies[0].message);
    clear_replies(replies, 3);
    fetch_env_stop(&env);
    cr_assert(count_open_fds() == fds_before, "a refused connection leaked %d descriptors: close the socket when "
              "the connect fails", count_open_fds() - fds_before);
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
    cr_assert(stuck && next, "http_fetch_task: %s", strerror(errno));
    loop_call_later(&env.loop, d * NS_PER_MS, cancel_task, stuck);
    cr_assert(loop_run_until_complete(&env.loop, coro_task_future(next)) == 0, "the loop failed: %s",
              strerror(errno));
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
