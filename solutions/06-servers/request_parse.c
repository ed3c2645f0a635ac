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
    /* BEGIN SOLUTION */
    size_t m = 0;
    while (request_is_token_char((unsigned char)s[m]))
        m++;
    if (m == 0 || s[m] != ' ')
        return request_fail(p, -EBADMSG, p->line_start + m,
                            "expected a method and a space at the start of the request line");
    if (!method_implemented(s, m))
        return request_fail(p, -EOPNOTSUPP, p->line_start,
                            "method \"%.*s\" is not implemented", (int)(m < 20 ? m : 20), s);
    memcpy(r->method, s, m);
    r->method[m] = '\0';

    const char *target = s + m + 1;
    size_t t = 0;
    while ((unsigned char)target[t] > ' ' && target[t] != 127)
        t++;
    if (t == 0 || target[t] != ' ')
        return request_fail(p, -EBADMSG, p->line_start + (uint64_t)(target + t - s),
                            "expected a target and a space after the method");
    const char *version = target + t + 1;
    if (strncmp(version, "HTTP/1.", 7) != 0 || (version[7] != '0' && version[7] != '1') ||
        version[8] != '\0')
        return request_fail(p, -EBADMSG, p->line_start + (uint64_t)(version - s),
                            "the request line does not end with HTTP/1.0 or HTTP/1.1");
    r->version_minor = version[7] - '0';
    r->target = malloc(t + 1);
    if (r->target == NULL)
        return request_fail(p, -ENOMEM, p->line_start, "out of memory");
    memcpy(r->target, target, t);
    r->target[t] = '\0';
    p->state = REQUEST_STATE_HEADER;
    return REQUEST_MORE;
    /* BEGIN STUB
    // TODO(lab 06): split method, target and version at single spaces; 501 for a
    // method not implemented, 400 for any other fault; then go on to the headers.
    // Chapter 6, "Reading a request"; hints: #hints-request-line.
    (void)s, (void)r, (void)method_implemented;
    return request_fail(p, -EBADMSG, p->line_start, "request line not parsed yet");
    END STUB */
}
// [/request_line]

// [request_header_line]
// "Name: value" (the value loses its surrounding spaces and tabs). Three headers
// change how the request is read: Content-Length (digits only, one of them),
// Transfer-Encoding (this server implements none: 501) and Connection.
static int request_header_line(struct request_parser *p)
{
    const char *s = p->line;
    /* BEGIN SOLUTION */
    size_t name_len = 0;
    while (request_is_token_char((unsigned char)s[name_len]))
        name_len++;
    if (name_len == 0 || s[name_len] != ':')
        return request_fail(p, -EBADMSG, p->line_start + name_len,
                            "expected a header name and a colon");
    const char *value = s + name_len + 1;
    value += strspn(value, " \t");
    size_t value_len = strlen(value);
    for (size_t i = 0; i < value_len; i++)
        if (((unsigned char)value[i] < 32 && value[i] != '\t') || value[i] == 127)
            return request_fail(p, -EBADMSG, p->line_start + (uint64_t)(value + i - s),
                                "control character 0x%02x in a header value",
                                (unsigned char)value[i]);
    while (value_len > 0 && (value[value_len - 1] == ' ' || value[value_len - 1] == '\t'))
        value_len--;
    int rc = request_add_header(p, s, name_len, value, value_len);
    if (rc < 0)
        return rc;
    const struct request_header *h = &p->request.headers[p->request.header_count - 1];
    uint64_t at = p->line_start + (uint64_t)(value - s);

    if (strcasecmp(h->name, "Content-Length") == 0) {
        if (p->content_length >= 0)
            return request_fail(p, -EBADMSG, at, "a second Content-Length header");
        if (h->value[0] == '\0')
            return request_fail(p, -EBADMSG, at, "an empty Content-Length");
        int64_t n = 0;
        for (const char *c = h->value; *c != '\0'; c++) {
            if (!isdigit((unsigned char)*c))
                return request_fail(p, -EBADMSG, at + (uint64_t)(c - h->value),
                                    "Content-Length \"%.20s\" is not a number", h->value);
            if (n > (INT64_MAX - (*c - '0')) / 10)
                return request_fail(p, -EFBIG, at, "Content-Length \"%.30s\" overflows",
                                    h->value);
            n = n * 10 + (*c - '0');
        }
        p->content_length = n;
    } else if (strcasecmp(h->name, "Transfer-Encoding") == 0) {
        return request_fail(p, -EOPNOTSUPP, at,
                            "Transfer-Encoding \"%.30s\" is not implemented", h->value);
    } else if (strcasecmp(h->name, "Connection") == 0) {
        p->conn_close |= request_token_list_has(h->value, "close");
        p->conn_keep_alive |= request_token_list_has(h->value, "keep-alive");
    }
    return REQUEST_MORE;
    /* BEGIN STUB
    // TODO(lab 06): store "name: value" trimmed; note Content-Length (digits, once),
    // refuse any Transfer-Encoding (501) and note Connection's close or keep-alive.
    // Chapter 6, "Reading a request"; hints: #hints-request-header.
    (void)s;
    return request_fail(p, -EBADMSG, p->line_start, "header line not parsed yet");
    END STUB */
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
    /* BEGIN SOLUTION */
    size_t hosts = 0;
    for (size_t i = 0; i < r->header_count; i++)
        hosts += strcasecmp(r->headers[i].name, "Host") == 0;
    if (hosts > 1 || (hosts == 0 && r->version_minor == 1))
        return request_fail(p, -EBADMSG, p->line_start, "%s Host header",
                            hosts > 1 ? "more than one" : "an HTTP/1.1 request without a");
    if (p->content_length > REQUEST_MAX_BODY)
        return request_fail(p, -EFBIG, p->line_start,
                            "a body of %lld bytes is over the limit of %d",
                            (long long)p->content_length, REQUEST_MAX_BODY);
    r->keep_alive = !p->conn_close && (r->version_minor == 1 || p->conn_keep_alive);
    if (p->content_length <= 0) {
        p->state = REQUEST_STATE_DONE;
        return REQUEST_COMPLETE;
    }
    p->remaining = (uint64_t)p->content_length;
    p->state = REQUEST_STATE_BODY;
    return REQUEST_MORE;
    /* BEGIN STUB
    // TODO(lab 06): refuse a missing or doubled Host (400; HTTP/1.0 may omit it)
    // and a body over the limit (413); set keep_alive; finish, or go on to the body.
    // Chapter 6, "Reading a request"; hints: #hints-request-head-end.
    (void)r;
    return request_fail(p, -EBADMSG, p->line_start, "end of head not handled yet");
    END STUB */
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
