#include "http_fetch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http_request.h"
#include "reactor.h"

// ---- plumbing: everything around the awaits ----------------------------------------

// Splits the URL, builds the request and sets the deadline. Returns 0, or a negative
// errno (recorded in the reply).
static int fetch_prepare(struct http_fetch_frame *f)
{
    struct http_url url;
    const char *problem = NULL;
    if (http_url_split(f->url, &url, &problem) < 0)
        return http_reply_fail(f->reply, EINVAL, "%s: %s", f->url, problem);
    memcpy(f->host, url.host, sizeof f->host);
    f->port = url.port;
    size_t cap = strlen(url.path) + strlen(url.host) + 96;
    f->request = malloc(cap);
    int len = f->request ? http_request_build(f->request, cap, "GET", &url, true) : -1;
    if (len < 0)
        return http_reply_fail(f->reply, ENOMEM, "%s: out of memory", f->url);
    f->request_len = (size_t)len;
    f->deadline_ns = loop_deadline_ns(f->session->loop, f->session->timeout_ns);
    return 0;
}

// The request failed with error (ETIMEDOUT, ECONNREFUSED...: positive, as the reply
// stores it) while doing `what`. Returns -error.
static int fetch_fail(struct http_fetch_frame *f, int error, const char *what)
{
    if (error == ETIMEDOUT && f->session->timeout_ns >= 0)
        return http_reply_fail(
            f->reply, error, "GET %s: no complete response within %lld ms (%s)",
            f->url, (long long)(f->session->timeout_ns / 1000000), what);
    return http_reply_fail(f->reply, error, "GET %s: %s: %s", f->url, what,
                           strerror(error));
}

// A connection from the pool failed before a single byte of the answer came back: the server
// had closed it while it sat idle. Worth one more try on a new connection.
static bool fetch_stale_connection(const struct http_fetch_frame *f, int error)
{
    return f->reused && f->received == 0 && f->attempts < 2 && (error == 0 || error == ECONNRESET || error == EPIPE);
}

// An interim response (RFC 9110 section 15.2): 100 Continue, 103 Early Hints... A
// client must read past those it did not ask for; the final response follows on the
// same connection. 101 is not one: it switches protocols and ends HTTP on this
// connection.
static bool fetch_is_interim(const struct http_response *r)
{
    return r->status / 100 == 1 && r->status != 101;
}

// Feeds the n bytes a recv just put in bytes (n == 0: the peer closed) to the parser. Returns
// parser. Returns HTTP_RESPONSE_MORE or HTTP_RESPONSE_COMPLETE, or an error (then
// recorded in the reply). Interim responses are skipped: the parser starts over on
// the bytes after them.
static enum http_response_result fetch_feed(struct http_fetch_frame *f,
                                            const char *bytes, size_t n)
{
    struct http_response_parser *p = &f->conn->parser;
    f->received += n;
    size_t used = 0;
    enum http_response_result r;
    for (;;) {
        size_t step = 0;
        r = n > 0 ? http_response_parse(p, bytes + used, n - used, &step)
                  : http_response_finish(p);
        used += step;
        if (r != HTTP_RESPONSE_COMPLETE || !fetch_is_interim(&p->response))
            break;
        http_response_parser_reset(p, false);
        if (used == n) // the final response is in a later read
            return HTTP_RESPONSE_MORE;
    }
    if (r == HTTP_RESPONSE_COMPLETE && n > 0 && used < n)
        p->response.keep_alive = false; // bytes we did not ask for follow: do not
                                        // trust this connection
    if (r == HTTP_RESPONSE_TRUNCATED)
        http_reply_fail(
            f->reply, ECONNRESET,
            "GET %s: the connection closed before the response was complete (%s)",
            f->url, p->error);
    else if (r == HTTP_RESPONSE_NO_MEMORY)
        http_reply_fail(f->reply, ENOMEM, "GET %s: out of memory", f->url);
    else if (r != HTTP_RESPONSE_MORE && r != HTTP_RESPONSE_COMPLETE)
        http_reply_fail(f->reply, EPROTO, "GET %s: malformed response: %s", f->url,
                        p->error);
    return r;
}

// The response is complete: hand it to the reply.
static void fetch_deliver(struct http_fetch_frame *f)
{
    struct http_response_parser *p = &f->conn->parser;
    f->reply->status = p->response.status;
    size_t len;
    char *body = http_response_take_body(p, &len);
    if (body != NULL) {
        char *with_nul = realloc(body, len + 1); // room for the NUL the reply promises
        if (with_nul == NULL) {
            free(body);
            http_reply_fail(f->reply, ENOMEM, "GET %s: out of memory", f->url);
            return;
        }
        with_nul[len] = '\0';
        f->reply->body = with_nul;
        f->reply->body_len = len;
    }
    f->conn->requests++;
}

// However the fetch ended: the connection goes back to the pool (only after a
// complete response the server lets us keep) or is closed, the slot goes back, the
// request is freed.
static void fetch_cleanup(struct http_fetch_frame *f)
{
    struct http_session *s = f->session;
    if (f->conn != NULL) {
        if (f->reply->error == 0 && f->conn->parser.result == HTTP_RESPONSE_COMPLETE &&
            f->conn->parser.response.keep_alive)
            http_session_put_idle(s, f->conn);
        else
            http_session_discard(s, f->conn);
        f->conn = NULL;
    }
    if (f->have_slot) {
        async_semaphore_release(&s->slots);
        f->have_slot = false;
    }
    free(f->request);
    f->request = NULL;
}

// ---- the coroutine -----------------------------------------------------------------

// [http_fetch]
enum gen_status http_fetch(struct gen *g, struct value sent, struct value *out)
{
    struct http_fetch_frame *f = g->frame;
    struct http_session *s = f->session;
    GEN_BEGIN;
    if (fetch_prepare(f) < 0)
        goto done;
    // TODO(lab 05): fetch in four awaited steps (slot, connection, request, response);
    // a failure goes in the reply, then to `done`; a stale pooled one gets one retry.
    // Chapter 5, "The fetch"; hints: #hints-fetch.
    fetch_fail(f, ENOSYS, "fetching");
    (void)s, (void)fetch_feed, (void)fetch_deliver, (void)fetch_stale_connection;
    goto done;

done:
    fetch_cleanup(f);
    if (f->reply->error != 0)
        GEN_RAISE(value_int(f->reply->error));
    GEN_RETURN(value_int(f->reply->status));
    GEN_END;
}
// [/http_fetch]

struct coro_task *http_fetch_task(struct http_session *session, const char *url,
                                  struct http_reply *reply)
{
    *reply = (struct http_reply){0};
    struct http_fetch_frame frame = {.session = session, .url = url, .reply = reply};
    return coro_task_create(session->loop, http_fetch, &frame, sizeof frame);
}
