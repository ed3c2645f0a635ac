// Drives the parser under test the way a client does, in given slices, into an http_outcome.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_outcome.h"
#include "http_response.h"

void http_outcome_free(struct http_outcome *o)
{
    free(o->body);
    *o = (struct http_outcome){0};
}

static void record(struct http_outcome *out, struct http_response_parser *p, size_t consumed)
{
    out->accepted = true;
    out->status = p->response.status;
    out->keep_alive = p->response.keep_alive;
    out->consumed = consumed;
    if (p->response.body_len > 0) {
        out->body = malloc(p->response.body_len);
        if (out->body != NULL)
            memcpy(out->body, p->response.body, p->response.body_len);
        out->body_len = p->response.body_len;
    }
}

void ours_parse(const char *text, size_t len, bool head, const size_t *cuts, size_t ncuts, struct http_outcome *out)
{
    *out = (struct http_outcome){0};
    struct http_response_parser p;
    http_response_parser_init(&p, head);
    size_t start = 0;
    enum http_response_result r = HTTP_RESPONSE_MORE;
    for (size_t i = 0; i <= ncuts && r == HTTP_RESPONSE_MORE; i++) {
        size_t end = i < ncuts ? cuts[i] : len;
        size_t used = 0;
        r = http_response_parse(&p, text + start, end - start, &used);
        if (used > end - start) {
            snprintf(out->error, sizeof out->error, "http_response_parse used %zu bytes of a %zu-byte slice", used,
                     end - start);
            goto done;
        }
        if (r == HTTP_RESPONSE_COMPLETE) {
            record(out, &p, start + used);
            goto done;
        }
        if (r == HTTP_RESPONSE_MORE && used != end - start) {
            snprintf(out->error, sizeof out->error,
                     "http_response_parse returned MORE but used only %zu of the %zu bytes from byte %zu", used,
                     end - start, start);
            goto done;
        }
        if (r != HTTP_RESPONSE_MORE) {
            snprintf(out->error, sizeof out->error, "%s: %s (slice from byte %zu)", http_response_result_name(r),
                     p.error, start);
            goto done;
        }
        start = end;
    }
    r = http_response_finish(&p);
    if (r == HTTP_RESPONSE_COMPLETE)
        record(out, &p, len);
    else
        snprintf(out->error, sizeof out->error, "%s at the end of input: %s", http_response_result_name(r),
                 p.error);
done:
    http_response_parser_free(&p);
}

// The body, cut and with unprintable bytes escaped, for messages.
static const char *printable(const char *s, size_t len, char *buf, size_t size)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 5 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        o += (size_t)snprintf(buf + o, size - o, c >= 32 && c < 127 && c != '"' ? "%c" : "\\x%02x", c);
    }
    return buf;
}

const char *http_outcome_diff(const struct http_outcome *ours, const struct http_outcome *oracle)
{
    static char msg[1024];
    char a[80] = "", b[80] = "";
    if (ours->accepted != oracle->accepted) {
        if (ours->accepted)
            snprintf(msg, sizeof msg, "your parser accepted it (status %d) but libhttp-parser rejects it: %s",
                     ours->status, oracle->error);
        else
            snprintf(msg, sizeof msg, "your parser rejected it (%s) but libhttp-parser accepts it (status %d, "
                     "%zu body bytes)", ours->error, oracle->status, oracle->body_len);
        return msg;
    }
    if (!ours->accepted)
        return NULL;
    if (ours->status != oracle->status)
        snprintf(msg, sizeof msg, "status %d, libhttp-parser says %d", ours->status, oracle->status);
    else if (ours->body_len != oracle->body_len ||
             (ours->body_len > 0 && memcmp(ours->body, oracle->body, ours->body_len) != 0))
        snprintf(msg, sizeof msg, "body of %zu bytes \"%s\", libhttp-parser's has %zu bytes \"%s\"", ours->body_len,
                 printable(ours->body, ours->body_len, a, sizeof a), oracle->body_len,
                 printable(oracle->body, oracle->body_len, b, sizeof b));
    else if (ours->keep_alive != oracle->keep_alive)
        snprintf(msg, sizeof msg, "keep_alive is %s, libhttp-parser says %s", ours->keep_alive ? "true" : "false",
                 oracle->keep_alive ? "true" : "false");
    else if (ours->consumed != oracle->consumed)
        snprintf(msg, sizeof msg, "the response ended after %zu bytes, libhttp-parser says after %zu",
                 ours->consumed, oracle->consumed);
    else
        return NULL;
    return msg;
}
