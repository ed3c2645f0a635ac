// http_bodies: what a fetch hands back is the body the server sent, byte for byte.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetchtest.h"
#include "http_blocking.h"
#include "labtest.h"

LAB_SUITE(http_bodies, 30);

// Fails unless r holds n bytes of the server's /bytes pattern.
static void expect_pattern(const struct http_reply *r, size_t n, const char *what)
{
    cr_assert(r->error == 0 && r->status == 200, "%s: %s (%s), status %d", what, strerror(r->error), r->message,
              r->status);
    cr_assert(r->body_len == n, "%s: %zu body bytes, not %zu", what, r->body_len, n);
    for (size_t i = 0; i < n; i++)
        cr_assert((unsigned char)r->body[i] == HTTP_TEST_SERVER_BYTE(i), "%s: body byte %zu is %u, not %u: bytes "
                  "were lost or repeated between two recv calls", what, i, (unsigned char)r->body[i],
                  HTTP_TEST_SERVER_BYTE(i));
    cr_assert(n == 0 ? r->body == NULL : r->body[n] == '\0', "%s: the body must be NULL when empty, else followed "
              "by a NUL", what);
}

Test(http_bodies, chunked_and_sized_bodies_arrive_byte_for_byte)
{
    struct fetch_env env;
    fetch_env_start(&env, 2, -1);
    char urls[5][96];
    char *list[5] = {
        env_url(&env, urls[0], sizeof urls[0], "/chunked"),
        env_url(&env, urls[1], sizeof urls[1], "/bytes/300000"),
        env_url(&env, urls[2], sizeof urls[2], "/bytes/0"),
        env_url(&env, urls[3], sizeof urls[3], "/status/404"),
        env_url(&env, urls[4], sizeof urls[4], "/bytes/1"),
    };
    struct http_reply replies[5];
    fetch_all(&env, list, 5, replies, NULL);
    expect_all_ok(&replies[0], 1, HTTP_TEST_SERVER_CHUNKED_BODY, "/chunked (extensions, upper-case hex, trailer)");
    expect_pattern(&replies[1], 300000, "/bytes/300000");
    expect_pattern(&replies[2], 0, "/bytes/0");
    cr_assert(replies[3].error == 0 && replies[3].status == 404, "/status/404 is a reply with status 404, not an "
              "error: got status %d, %s", replies[3].status, replies[3].message);
    expect_pattern(&replies[4], 1, "/bytes/1");
    clear_replies(replies, 5);
    fetch_env_stop(&env);
}

Test(http_bodies, the_blocking_client_reads_the_same_bodies)
{
    struct http_test_server *server = http_test_server_start();
    cr_assert(server != NULL, "could not start the test server: %s", strerror(errno));
    char url[96];
    struct http_reply reply;
    snprintf(url, sizeof url, "http://127.0.0.1:%d/chunked", http_test_server_port(server));
    http_blocking_get(url, -1, &reply);
    expect_all_ok(&reply, 1, HTTP_TEST_SERVER_CHUNKED_BODY, "http_blocking_get /chunked");
    http_reply_clear(&reply);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/bytes/300000", http_test_server_port(server));
    http_blocking_get(url, -1, &reply);
    expect_pattern(&reply, 300000, "http_blocking_get /bytes/300000");
    http_reply_clear(&reply);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/garbage", http_test_server_port(server));
    int rc = http_blocking_get(url, -1, &reply);
    cr_assert(rc == -EPROTO && reply.error == EPROTO, "http_blocking_get /garbage returned %d (%s), reply.error %s "
              "(%s); it should return -EPROTO, with EPROTO in the reply", rc, error_name(rc),
              error_name(reply.error), reply.message);
    http_reply_clear(&reply);
    http_test_server_stop(server);
}
