// The parser's plumbing: lifetime, errors, the line reader, headers. The steps that give
// the lines their meaning are in request_parse.c.
#include "request_parser.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void request_parser_init(struct request_parser *p)
{
    *p = (struct request_parser){0};
    request_parser_reset(p);
}

static void request_forget(struct request *r)
{
    for (size_t i = 0; i < r->header_count; i++)
        free(r->headers[i].name);
    r->header_count = 0;
    free(r->target);
    r->target = NULL;
    r->body_len = 0;
    r->method[0] = '\0';
    r->version_minor = 0;
    r->keep_alive = false;
}

void request_parser_free(struct request_parser *p)
{
    request_forget(&p->request);
    free(p->request.headers);
    free(p->request.body);
    free(p->line);
    *p = (struct request_parser){0};
}

void request_parser_reset(struct request_parser *p)
{
    request_forget(&p->request);
    p->state = REQUEST_STATE_LINE;
    p->result = REQUEST_MORE;
    p->content_length = -1;
    p->conn_close = p->conn_keep_alive = false;
    p->remaining = 0;
    p->line_len = 0;
    p->line_start = 0;
    p->head_bytes = 0;
    p->offset = 0;
    p->error[0] = '\0';
}

bool request_parser_started(const struct request_parser *p)
{
    // One blank line before a request is free (a CRLF after a POST's body); more start the
    // header deadline, as a request line would: a trickle of CRLFs cannot hold a connection.
    return p->state != REQUEST_STATE_LINE || p->line_len > 0 || p->head_bytes > 2;
}

int request_fail(struct request_parser *p, int error, uint64_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(p->error, sizeof p->error, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof p->error)
        snprintf(p->error + n, sizeof p->error - (size_t)n, " at byte %llu",
                 (unsigned long long)at);
    p->result = error;
    p->state = REQUEST_STATE_FAILED;
    return error;
}

size_t request_read_line(struct request_parser *p, const char *data, size_t len,
                         bool *complete)
{
    *complete = false;
    const char *lf = memchr(data, '\n', len);
    size_t take = lf != NULL ? (size_t)(lf - data) + 1 : len;
    if (p->head_bytes + take > REQUEST_MAX_HEAD) {
        request_fail(p, -EMSGSIZE, p->offset + (REQUEST_MAX_HEAD - p->head_bytes),
                     "the request line and headers exceed %d bytes", REQUEST_MAX_HEAD);
        return REQUEST_MAX_HEAD - p->head_bytes;
    }
    if (p->line_len + take + 1 > p->line_cap) {
        size_t cap = p->line_cap ? p->line_cap : 128;
        while (cap < p->line_len + take + 1)
            cap *= 2;
        char *grown = realloc(p->line, cap);
        if (grown == NULL) {
            request_fail(p, -ENOMEM, p->offset, "out of memory");
            return 0;
        }
        p->line = grown;
        p->line_cap = cap;
    }
    if (p->line_len == 0)
        p->line_start = p->offset;
    memcpy(p->line + p->line_len, data, take);
    p->line_len += take;
    p->head_bytes += take;
    p->offset += take;
    if (lf == NULL)
        return take;

    // The whole line is here: drop its LF (and a CR before it); any other CR, or a
    // NUL, would let two programs disagree about where the line ends.
    p->line_len--;
    if (p->line_len > 0 && p->line[p->line_len - 1] == '\r')
        p->line_len--;
    p->line[p->line_len] = '\0';
    for (size_t i = 0; i < p->line_len; i++)
        if (p->line[i] == '\r' || p->line[i] == '\0') {
            request_fail(p, -EBADMSG, p->line_start + i, "a %s inside a line",
                         p->line[i] == '\r' ? "CR" : "NUL byte");
            return take;
        }
    *complete = true;
    return take;
}

int request_add_header(struct request_parser *p, const char *name, size_t name_len,
                       const char *value, size_t value_len)
{
    struct request *r = &p->request;
    if (r->header_count == r->header_cap) {
        size_t cap = r->header_cap ? 2 * r->header_cap : 4;
        struct request_header *grown = realloc(r->headers, cap * sizeof *grown);
        if (grown == NULL)
            return request_fail(p, -ENOMEM, p->line_start, "out of memory");
        r->headers = grown;
        r->header_cap = cap;
    }
    char *both = malloc(name_len + value_len + 2);
    if (both == NULL)
        return request_fail(p, -ENOMEM, p->line_start, "out of memory");
    memcpy(both, name, name_len);
    both[name_len] = '\0';
    memcpy(both + name_len + 1, value, value_len);
    both[name_len + 1 + value_len] = '\0';
    r->headers[r->header_count++] =
        (struct request_header){.name = both, .value = both + name_len + 1};
    return 0;
}

const char *request_header(const struct request *r, const char *name)
{
    for (size_t i = 0; i < r->header_count; i++)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}

bool request_token_list_has(const char *value, const char *token)
{
    size_t n = strlen(token);
    const char *s = value;
    while (*s != '\0') {
        s += strspn(s, " \t,");
        size_t len = strcspn(s, ",");
        size_t trimmed = len;
        while (trimmed > 0 && (s[trimmed - 1] == ' ' || s[trimmed - 1] == '\t'))
            trimmed--;
        if (trimmed == n && strncasecmp(s, token, n) == 0)
            return true;
        s += len;
    }
    return false;
}

bool request_is_token_char(unsigned char c)
{
    return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

int request_error_status(int error)
{
    switch (error) {
    case -EBADMSG: return 400;
    case -EMSGSIZE: return 431;
    case -EFBIG: return 413;
    case -EOPNOTSUPP: return 501;
    default: return 500;
    }
}
