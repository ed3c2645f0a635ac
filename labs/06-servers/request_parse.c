// The parser's steps, in the order a request meets them: the request line, the header
// lines, the blank line that ends the head (and decides whether a body follows); then
// the state machine that hands each byte of a slice to the step the state names. The
// plumbing (line reader, headers, errors) is given, in request_parser.c.
//
// Every step returns REQUEST_MORE to go on, REQUEST_COMPLETE when the request ended,
// or a negative errno made by request_fail (which also moves the parser to FAILED).
#include "request_parser.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

// The methods this server implements. Any other token is a method it does not
// implement (501); anything that is not a token is not a method at all (400).
static const char *const implemented_methods[] = {"GET",    "HEAD",    "POST",
                                                  "PUT",    "DELETE",  "OPTIONS"};

static bool method_implemented(const char *m, size_t len)
{
    for (size_t i = 0; i < sizeof implemented_methods / sizeof *implemented_methods; i++)
        if (strlen(implemented_methods[i]) == len &&
            memcmp(implemented_methods[i], m, len) == 0)
            return true;
    return false;
}

// [request_line]
// "GET /work HTTP/1.1": a method (a token), one space, a target (visible characters,
// no spaces), one space, and HTTP/1.0 or HTTP/1.1. p->line holds the line without
// its line end.
static int request_line(struct request_parser *p)
{
    const char *s = p->line;
    struct request *r = &p->request;
    // TODO(lab 06): split method, target and version at single spaces; 501 for a
    // method not implemented, 400 for any other fault; then go on to the headers.
    // Chapter 6, "Reading a request"; hints: #hints-request-line.
    (void)s, (void)r, (void)method_implemented;
    return request_fail(p, -EBADMSG, p->line_start, "request line not parsed yet");
}
// [/request_line]

// [request_header_line]
// "Name: value" (the value loses its surrounding spaces and tabs). Three headers
// change how the request is read: Content-Length (digits only, one of them),
// Transfer-Encoding (this server implements none: 501) and Connection.
static int request_header_line(struct request_parser *p)
{
    const char *s = p->line;
    // TODO(lab 06): store "name: value" trimmed; note Content-Length (digits, once),
    // refuse any Transfer-Encoding (501) and note Connection's close or keep-alive.
    // Chapter 6, "Reading a request"; hints: #hints-request-header.
    (void)s;
    return request_fail(p, -EBADMSG, p->line_start, "header line not parsed yet");
}
// [/request_header_line]

// [request_head_end]
// The blank line: the head is complete. An HTTP/1.1 request names its host, once
// (RFC 9112 section 3.2: else 400); HTTP/1.0 may leave it out. A body follows only
// with a Content-Length (a request without one has none: RFC 9112 section 6.3), and
// only up to REQUEST_MAX_BODY. The connection may carry another request in HTTP/1.1
// unless "Connection: close", in HTTP/1.0 only with "Connection: keep-alive"; a
// "close" always wins.
static int request_head_end(struct request_parser *p)
{
    struct request *r = &p->request;
    // TODO(lab 06): refuse a missing or doubled Host (400; HTTP/1.0 may omit it)
    // and a body over the limit (413); set keep_alive; finish, or go on to the body.
    // Chapter 6, "Reading a request"; hints: #hints-request-head-end.
    (void)r;
    return request_fail(p, -EBADMSG, p->line_start, "end of head not handled yet");
}
// [/request_head_end]

// Copies body bytes; the request is complete once remaining reaches 0.
static int request_body(struct request_parser *p, const char *data, size_t len,
                        size_t *used)
{
    struct request *r = &p->request;
    size_t take = len < p->remaining ? len : (size_t)p->remaining;
    if (r->body_len + take > r->body_cap) {
        size_t cap = (size_t)p->content_length;
        char *grown = realloc(r->body, cap);
        if (grown == NULL)
            return request_fail(p, -ENOMEM, p->offset, "out of memory");
        r->body = grown;
        r->body_cap = cap;
    }
    memcpy(r->body + r->body_len, data, take);
    r->body_len += take;
    p->remaining -= take;
    p->offset += take;
    *used = take;
    if (p->remaining > 0)
        return REQUEST_MORE;
    p->state = REQUEST_STATE_DONE;
    return REQUEST_COMPLETE;
}

// [request_parse]
int request_parse(struct request_parser *p, const char *data, size_t len, size_t *consumed)
{
    size_t used = 0;
    int r = p->result;
    while (r == REQUEST_MORE && used < len) {
        size_t step = 0;
        bool complete = false;
        switch (p->state) {
        case REQUEST_STATE_LINE:
        case REQUEST_STATE_HEADER:
            step = request_read_line(p, data + used, len - used, &complete);
            if (p->state == REQUEST_STATE_FAILED || !complete)
                break;
            if (p->state == REQUEST_STATE_LINE)
                // Blank lines before a request are skipped (RFC 9112 section 2.2):
                // some clients send a CRLF after a POST's body. They count against
                // the head's limit, so endless CRLFs end in a 431, not a held thread.
                r = p->line_len == 0 ? REQUEST_MORE : request_line(p);
            else
                r = p->line_len == 0 ? request_head_end(p) : request_header_line(p);
            p->line_len = 0;
            break;
        case REQUEST_STATE_BODY:
            r = request_body(p, data + used, len - used, &step);
            break;
        default:
            break;
        }
        used += step;
        if (p->state == REQUEST_STATE_FAILED)
            r = p->result;
    }
    if (r == REQUEST_COMPLETE)
        p->result = REQUEST_COMPLETE;
    *consumed = used;
    return r;
}
// [/request_parse]
