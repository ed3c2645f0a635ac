// http_session: the connection limit, the pool of kept-alive connections, and closing it all.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fetchtest.h"
#include "labtest.h"

LAB_SUITE(http_session, 30);

Test(http_session, a_limit_of_ten_runs_a_hundred_fetches_ten_at_a_time)
{
    const int64_t d = scaled_ms(60);
    struct fetch_env env;
    fetch_env_start(&env, 10, -1);
    char path[32], body[64];
    snprintf(path, sizeof path, "/delay/%lld", (long long)d);
    snprintf(body, sizeof body, "{\"delay_ms\":%lld}\n", (long long)d);
    struct http_reply replies[100];
    int64_t took = fetch_same(&env, path, 100, replies);
    expect_all_ok(replies, 100, body, "100 fetches with limit=10");
    clear_replies(replies, 100);
    long max = http_test_server_max_concurrent(env.server);
    fetch_env_stop(&env);
    cr_assert(max <= 10, "with limit=10 the server saw %ld connections at once: the session must hold a slot "
              "(async_semaphore_acquire) before it connects, and give it back only when the connection is "
              "back in the pool or closed", max);
    cr_assert(took >= 10 * d * NS_PER_MS, "100 fetches of /delay/%lld, 10 at a time, took %.1f ms, less than "
              "10 x %lld ms: more than 10 ran at once", (long long)d, ns_as_ms(took), (long long)d);
    cr_assert(took < 20 * d * NS_PER_MS, "100 fetches of /delay/%lld, 10 at a time, took %.1f ms, not about "
              "10 x %lld ms: a freed slot must go at once to the next waiter (async_semaphore_release)",
              (long long)d, ns_as_ms(took), (long long)d);
}

Test(http_session, keep_alive_reuses_connections_from_the_pool)
{
    struct fetch_env env;
    fetch_env_start(&env, 2, -1);
    struct http_reply replies[20];
    fetch_same(&env, "/get", 20, replies);
    expect_all_ok(replies, 20, "{\"path\":\"/get\"}\n", "20 fetches of /get with limit=2");
    clear_replies(replies, 20);
    // And once more, later: the two connections are still in the pool.
    fetch_same(&env, "/get", 4, replies);
    expect_all_ok(replies, 4, "{\"path\":\"/get\"}\n", "4 more fetches of /get");
    clear_replies(replies, 4);
    long accepted = http_test_server_accepted(env.server);
    unsigned long long reuses = (unsigned long long)env.session.reuses;
    fetch_env_stop(&env);
    cr_assert(accepted <= 2, "24 fetches with limit=2 made the server accept %ld connections (the session counted "
              "%llu reuses): a complete keep-alive response should leave its connection in the pool "
              "(http_session_put_idle) for the next fetch to take (http_session_take_idle)", accepted, reuses);
}

Test(http_session, closing_the_session_closes_every_connection)
{
    int fds_before = count_open_fds();
    struct fetch_env env;
    fetch_env_start(&env, 0, -1);
    // Answers that take a while: a fetch of /get can be over before the next one starts (its
    // connect and send need no wait over loopback), and the next would then reuse its connection.
    char path[32], body[32];
    snprintf(path, sizeof path, "/delay/%lld", (long long)scaled_ms(20));
    snprintf(body, sizeof body, "{\"delay_ms\":%lld}\n", (long long)scaled_ms(20));
    struct http_reply replies[8];
    fetch_same(&env, path, 8, replies);
    expect_all_ok(replies, 8, body, "8 concurrent fetches of /delay");
    clear_replies(replies, 8);
    // Usually 8 connections; fewer if the machine stalled the client for 20 ms and a fetch
    // found another's connection back in the pool. Either way every one of them stays open.
    int pooled = count_open_fds() - fds_before - 1; // the reactor's epoll descriptor is one
    long long made = (long long)env.session.connects;
    cr_assert(pooled >= 2 && pooled == made, "after 8 concurrent fetches %d connections stay open, while the "
              "session made %lld: the pool should keep each kept-alive connection", pooled, made);
    fetch_env_stop(&env);
    int fds_after = count_open_fds();
    cr_assert(fds_after == fds_before, "%d descriptors were open before the session and %d after it was closed: "
              "http_session_close must close every pooled connection", fds_before, fds_after);
}

Test(http_session, a_pooled_connection_the_server_closed_is_retried_once_on_a_new_one)
{
    static const char first_body[] = "{\"path\":\"/close-after-response\"}\n";
    int fds_before = count_open_fds();
    struct fetch_env env;
    fetch_env_start(&env, 0, scaled_ms(5000) * NS_PER_MS);
    // The first answer says the connection stays open, so it goes to the pool; the server
    // closes it right after, while it sits idle there (a keep-alive timeout run out).
    struct http_reply reply;
    fetch_same(&env, "/close-after-response", 1, &reply);
    expect_all_ok(&reply, 1, first_body, "the first fetch, of /close-after-response");
    http_reply_clear(&reply);
    cr_assert(env.session.open == 1, "after one fetch whose response kept its connection alive, the session "
              "counts %zu open connections, not 1: the connection belongs in the pool (http_session_put_idle)",
              env.session.open);
    // The next fetch to the same server takes that connection from the pool and finds it closed.
    fetch_same(&env, "/get", 1, &reply);
    cr_assert(reply.error == 0, "the second fetch failed: %s (%s). It reused a connection the server had closed "
              "while it sat idle in the pool; a pooled connection that fails before any byte of the answer "
              "arrives must be closed and the request retried once on a new connection "
              "(fetch_stale_connection in http_fetch)", strerror(reply.error), reply.message);
    expect_all_ok(&reply, 1, "{\"path\":\"/get\"}\n", "the second fetch, retried on a new connection");
    http_reply_clear(&reply);
    unsigned long long reuses = (unsigned long long)env.session.reuses;
    unsigned long long connects = (unsigned long long)env.session.connects;
    long accepted = http_test_server_accepted(env.server);
    fetch_env_stop(&env);
    int fds_after = count_open_fds();
    cr_assert(reuses == 1 && connects == 2, "two fetches, the second on a stale pooled connection, counted %llu "
              "reuses and %llu connects, not 1 and 2: the second fetch must take the pooled connection first "
              "(count it in s->reuses) and, when it turns out closed, make exactly one new connection",
              reuses, connects);
    cr_assert(accepted == 2, "the server accepted %ld connections, not 2: the retry must happen once, on one new "
              "connection", accepted);
    cr_assert(fds_after == fds_before, "%d descriptors were open before the session and %d after it was closed: "
              "the stale connection must be closed (http_session_discard) before the retry", fds_before, fds_after);
}
