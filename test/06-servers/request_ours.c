// The lab's request parser, fed in slices, as a struct request_outcome.
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labtest.h"
#include "request_outcome.h"
#include "request_parser.h"

void request_outcome_free(struct request_outcome *o)
{
    free(o->body);
    o->body = NULL;
}

void request_ours_parse(const char *text, size_t len, const size_t *cuts, size_t ncuts,
                        struct request_outcome *out)
{
    *out = (struct request_outcome){0};
    static struct request_parser p; // static: see test_request_parser.c
    request_parser_init(&p);
    size_t start = 0, total = 0;
    int r = REQUEST_MORE;
    for (size_t i = 0; i <= ncuts && r == REQUEST_MORE; i++) {
        size_t end = i < ncuts ? cuts[i] : len;
        size_t used = 0;
        r = request_parse(&p, text + start, end - start, &used);
        if (used > end - start) {
            snprintf(out->error, sizeof out->error,
                     "*consumed is %zu, more than the %zu bytes given", used, end - start);
            out->result = -EPROTO;
            request_parser_free(&p);
            return;
        }
        total += used;
        if (r == REQUEST_MORE && used != end - start) {
            snprintf(out->error, sizeof out->error,
                     "MORE but only %zu of the %zu bytes given were used", used, end - start);
            out->result = -EPROTO;
            request_parser_free(&p);
            return;
        }
        start = end;
    }
    if (r == REQUEST_COMPLETE) {
        const struct request *q = &p.request;
        out->result = 1;
        snprintf(out->method, sizeof out->method, "%s", q->method);
        snprintf(out->target, sizeof out->target, "%s", q->target ? q->target : "(null)");
        out->version_minor = q->version_minor;
        if (q->body_len > 0) {
            out->body = malloc(q->body_len);
            if (out->body != NULL)
                memcpy(out->body, q->body, q->body_len);
        }
        out->body_len = q->body_len;
        out->keep_alive = q->keep_alive;
        out->consumed = total;
    } else if (r == REQUEST_MORE) {
        out->result = -EBADMSG;
        snprintf(out->error, sizeof out->error, "incomplete at the end of input (MORE)");
    } else {
        out->result = r;
        snprintf(out->error, sizeof out->error, "%s: \"%s\"", error_name(r), p.error);
    }
    request_parser_free(&p);
}

const char *request_outcome_diff(const struct request_outcome *ours,
                                 const struct request_outcome *oracle)
{
    static char msg[1024];
    if (ours->result == -EPROTO)
        return snprintf(msg, sizeof msg, "request_parse broke its contract: %s", ours->error), msg;
    bool ours_ok = ours->result == 1, oracle_ok = oracle->result == 1;
    if (ours_ok != oracle_ok) {
        snprintf(msg, sizeof msg, "libhttp-parser %s it%s%s, your parser %s it%s%s",
                 oracle_ok ? "accepts" : "rejects", oracle_ok ? "" : ": ", oracle->error,
                 ours_ok ? "accepts" : "rejects", ours_ok ? "" : " with ", ours->error);
        return msg;
    }
    if (!ours_ok)
        return NULL;
    if (strcmp(ours->method, oracle->method) != 0 || strcmp(ours->target, oracle->target) != 0)
        return snprintf(msg, sizeof msg, "method and target \"%s %s\", expected \"%s %s\"",
                        ours->method, ours->target, oracle->method, oracle->target), msg;
    if (ours->version_minor != oracle->version_minor)
        return snprintf(msg, sizeof msg, "HTTP/1.%d, expected HTTP/1.%d", ours->version_minor,
                        oracle->version_minor), msg;
    if (ours->body_len != oracle->body_len ||
        (ours->body_len > 0 && memcmp(ours->body, oracle->body, ours->body_len) != 0))
        return snprintf(msg, sizeof msg, "a body of %zu bytes \"%.*s\", expected %zu bytes \"%.*s\"",
                        ours->body_len, (int)(ours->body_len < 40 ? ours->body_len : 40),
                        ours->body ? ours->body : "", oracle->body_len,
                        (int)(oracle->body_len < 40 ? oracle->body_len : 40),
                        oracle->body ? oracle->body : ""), msg;
    if (ours->keep_alive != oracle->keep_alive)
        return snprintf(msg, sizeof msg, "keep_alive is %s, expected %s (the version and the "
                        "Connection header decide it)", ours->keep_alive ? "true" : "false",
                        oracle->keep_alive ? "true" : "false"), msg;
    if (ours->consumed != oracle->consumed)
        return snprintf(msg, sizeof msg, "%zu bytes used for the request, expected %zu (the "
                        "rest belongs to the next request)", ours->consumed, oracle->consumed), msg;
    return NULL;
}
