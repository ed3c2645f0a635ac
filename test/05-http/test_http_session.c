// http_session: the connection limit, the pool of kept-alive connections, and closing it all.
#include <errno.h>
#include <poll.h>
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

// Three connections in the pool that look alive (open, quiet) but that the server closes as
// soon as a request arrives on one: as when its keep-alive timeout runs out while the request
// is on its way. The first fetch after them finds one of them dead; its one retry must take a
// new connection, not the next pooled one, which is just as dead.
Test(http_session, a_pooled_connection_the_server_closed_is_retried_once_on_a_new_one)
{
    char path[48], first_body[64];
    snprintf(path, sizeof path, "/close-on-next-request/%lld", (long long)scaled_ms(20));
    snprintf(first_body, sizeof first_body, "{\"path\":\"%s\"}\n", path);
    int fds_before = count_open_fds();
    struct fetch_env env;
    fetch_env_start(&env, 0, scaled_ms(5000) * NS_PER_MS);
    // Answers that take a while, so that each of the three fetches makes its own connection.
    struct http_reply replies[3];
    fetch_same(&env, path, 3, replies);
    expect_all_ok(replies, 3, first_body, "the first fetches, of /close-on-next-request");
    clear_replies(replies, 3);
    cr_assert(env.session.open == 3, "after three concurrent fetches whose responses kept their "
              "connections alive, the session counts %zu open connections, not 3: each belongs in "
              "the pool (http_session_put_idle)", env.session.open);
    // The next fetch takes one of them and finds it closed.
    struct http_reply reply;
    fetch_same(&env, "/get", 1, &reply);
    cr_assert(reply.error == 0, "the fetch after them failed: %s (%s). It reused a pooled "
              "connection that the server closed; a pooled connection that fails before any byte "
              "of the answer arrives must be closed and the request retried once on a NEW "
              "connection, never on another pooled one (fetch_stale_connection in http_fetch)",
              strerror(reply.error), reply.message);
    expect_all_ok(&reply, 1, "{\"path\":\"/get\"}\n", "the fetch retried on a new connection");
    http_reply_clear(&reply);
    unsigned long long reuses = (unsigned long long)env.session.reuses;
    unsigned long long connects = (unsigned long long)env.session.connects;
    long accepted = http_test_server_accepted(env.server);
    fetch_env_stop(&env);
    int fds_after = count_open_fds();
    cr_assert(reuses == 1 && connects == 4, "three fetches and then one on a stale pooled "
              "connection counted %llu reuses and %llu connects, not 1 and 4: the fetch must take a "
              "pooled connection first (count it in s->reuses) and, when it turns out closed, make "
              "exactly one new connection", reuses, connects);
    cr_assert(accepted == 4, "the server accepted %ld connections, not 4: the retry must happen "
              "once, on one new connection", accepted);
    cr_assert(fds_after == fds_before, "%d descriptors were open before the session and %d after "
              "it was closed: the stale connection must be closed (http_session_discard) before "
              "the retry", fds_before, fds_after);
}

// Three connections the server closed while they sat in the pool (its keep-alive timeout ran
// out): the session must notice before it reuses one, and drop them all, rather than spend
// each next fetch's retry on one of them.
Test(http_session, idle_connections_the_server_closed_are_dropped_before_reuse)
{
    struct fetch_env env;
    fetch_env_start(&env, 0, scaled_ms(5000) * NS_PER_MS);
    struct http_reply replies[3];
    fetch_same(&env, "/close-after-response", 3, replies);
    expect_all_ok(replies, 3, "{\"path\":\"/close-after-response\"}\n",
                  "three fetches of /close-after-response");
    clear_replies(replies, 3);
    // The server closes each right after its response: wait until the FINs are here.
    for (struct http_conn *c = env.session.idle; c != NULL; c = c->next) {
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
        cr_assert(poll(&pfd, 1, (int)scaled_ms(2000)) == 1,
                  "the test server did not close a connection (a bug in the tests)");
    }
    for (int i = 0; i < 3; i++) {
        struct http_reply reply;
        fetch_same(&env, "/get", 1, &reply);
        expect_all_ok(&reply, 1, "{\"path\":\"/get\"}\n", "a fetch after the server closed the pool");
        http_reply_clear(&reply);
    }
    size_t open = env.session.open;
    unsigned long long dropped = (unsigned long long)env.session.dropped;
    long accepted = http_test_server_accepted(env.server);
    fetch_env_stop(&env);
    cr_assert(open == 1 && dropped == 3 && accepted == 4, "after three fetches on a pool of three "
              "connections the server had closed, the session has %zu connections open (not 1), "
              "dropped %llu (not 3) and the server accepted %ld (not 4): http_session_take_idle "
              "must peek at each idle connection (recv with MSG_PEEK | MSG_DONTWAIT) and drop one "
              "that reads as closed, so the first fetch makes one new connection that the next "
              "ones reuse", open, dropped, accepted);
}

// A 100 Continue and a 103 Early Hints before the final response (RFC 9110 section 15.2): the
// client must skip them, in the same read as the final response or in an earlier one, and
// leave nothing unread on the connection for the next fetch.
Test(http_session, interim_responses_are_skipped_and_the_connection_stays_clean)
{
    struct fetch_env env;
    fetch_env_start(&env, 1, scaled_ms(5000) * NS_PER_MS);
    char path[32], body[64];
    const char *how[2] = {"in the same write as the final response", "a while before it"};
    for (int late = 0; late <= 1; late++) {
        snprintf(path, sizeof path, "/interim/%lld", late ? (long long)scaled_ms(30) : 0LL);
        snprintf(body, sizeof body, "{\"path\":\"%s\"}\n", path);
        struct http_reply reply;
        fetch_same(&env, path, 1, &reply);
        cr_assert(reply.error == 0 && reply.status == 200 && reply.body_len == strlen(body) &&
                  memcmp(reply.body, body, reply.body_len) == 0,
                  "GET %s (a 100 and a 103 sent %s) gave status %d, error \"%s\", %zu body bytes; "
                  "expected 200 and %s. A 1xx response other than 101 is interim: the fetch must "
                  "skip it and go on parsing the bytes after it (fetch_feed)", path, how[late],
                  reply.status, reply.message, reply.body_len, body);
        http_reply_clear(&reply);
        fetch_same(&env, "/get", 1, &reply);
        cr_assert(reply.error == 0 && reply.body != NULL &&
                  strcmp(reply.body, "{\"path\":\"/get\"}\n") == 0,
                  "the fetch of /get after %s on the same connection gave status %d, error "
                  "\"%s\", body \"%s\": it read the rest of the earlier response as its own",
                  path, reply.status, reply.message, reply.body ? reply.body : "");
        http_reply_clear(&reply);
    }
    long accepted = http_test_server_accepted(env.server);
    fetch_env_stop(&env);
    cr_assert(accepted == 1, "four fetches with limit=1 made the server accept %ld connections, "
              "not 1: a response after interim ones keeps its connection alive", accepted);
}

// A fetch that times out half-way through the body leaves the rest of that response on its
// connection (here it never comes, but it could at any moment). The connection must be
// closed, never pooled: the next fetch on it would wait for an answer that is not coming, or
// read the old body's bytes as the start of its own response.
Test(http_session, a_connection_whose_response_was_not_read_to_its_end_is_not_reused)
{
    // The timeout also bounds the second fetch, a /get that must come back in time even on
    // a loaded machine.
    const int64_t timeout = scaled_ms(500);
    int fds_before = count_open_fds();
    struct fetch_env env;
    fetch_env_start(&env, 0, timeout * NS_PER_MS);
    struct http_reply reply;
    fetch_same(&env, "/stall-mid-body", 1, &reply);
    cr_assert(reply.error == ETIMEDOUT, "a fetch of /stall-mid-body (500 of 1000 bytes, then nothing) with a "
              "%lld ms timeout ended with %s (%s), not ETIMEDOUT", (long long)timeout,
              reply.error ? strerror(reply.error) : "no error", reply.message);
    http_reply_clear(&reply);
    fetch_same(&env, "/get", 1, &reply);
    cr_assert(reply.error == 0, "the fetch of /get after one that timed out mid-body failed: %s (%s), with %llu "
              "reuse(s) of pooled connections. The session pooled the connection whose response was cut "
              "off: only a response read to its end (the parser says COMPLETE, no error) that the server "
              "keeps alive leaves its connection in the pool (fetch_cleanup)", strerror(reply.error),
              reply.message, (unsigned long long)env.session.reuses);
    expect_all_ok(&reply, 1, "{\"path\":\"/get\"}\n", "the fetch after one that timed out mid-body");
    http_reply_clear(&reply);
    unsigned long long reuses = (unsigned long long)env.session.reuses;
    fetch_env_stop(&env);
    cr_assert(reuses == 0, "the fetch after one that timed out mid-body reused its connection (%llu reuses): "
              "a connection with part of a response still owed must be closed", reuses);
    cr_assert(count_open_fds() == fds_before, "%d descriptors leaked", count_open_fds() - fds_before);
}
