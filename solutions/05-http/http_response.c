// The parser's plumbing: memory, headers, error messages and the line reader. Nothing
// here knows HTTP's grammar; the steps in http_response_parse.c do.
#include "http_response.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow_array.h"

void http_response_parser_init(struct http_response_parser *p, bool head_request)
{
    *p = (struct http_response_parser){0};
    http_response_parser_reset(p, head_request);
}

static void free_headers(struct http_response *r)
{
    for (size_t i = 0; i < r->header_count; i++)
        free(r->headers[i].name);
    r->header_count = 0;
}

void http_response_parser_free(struct http_response_parser *p)
{
    free_headers(&p->response);
    free(p->response.headers);
    free(p->response.body);
    free(p->line);
    *p = (struct http_response_parser){0};
}

void http_response_parser_reset(struct http_response_parser *p, bool head_request)
{
    // Keep the three buffers (headers, body, line): a connection reused for many
    // responses then allocates only when one is bigger than all before it.
    struct http_response kept = p->response;
    char *line = p->line;
    size_t line_cap = p->line_cap;
    free_headers(&kept);
    *p = (struct http_response_parser){
        .response = {.headers = kept.headers,
                     .header_cap = kept.header_cap,
                     .body = kept.body,
                     .body_cap = kept.body_cap},
        .state = HTTP_PARSE_STATUS_LINE,
        .result = HTTP_RESPONSE_MORE,
        .head_request = head_request,
        .content_length = -1,
        .line = line,
        .line_cap = line_cap,
    };
}

enum http_response_result http_response_fail(struct http_response_parser *p,
                                             enum http_response_result result,
                                             uint64_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(p->error, sizeof p->error, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof p->error)
        snprintf(p->error + n, sizeof p->error - (size_t)n, " at byte %llu",
                 (unsigned long long)at);
    p->result = result;
    p->state = HTTP_PARSE_FAILED;
    return result;
}

// Grows *buf so it holds at least need bytes (by doubling: grow_array.h).
static int grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0; // (need may be 0, with no buffer yet)
    char *grown = grow_array(*buf, 1, cap, need, 256);
    if (grown == NULL)
        return -1;
    *buf = grown;
    return 0;
}

// The error a bad line is in each line state.
static enum http_response_result bare_cr_error(enum http_parse_state state)
{
    switch (state) {
    case HTTP_PARSE_STATUS_LINE:
        return HTTP_RESPONSE_BAD_STATUS_LINE;
    case HTTP_PARSE_CHUNK_SIZE:
        return HTTP_RESPONSE_BAD_CHUNK;
    default:
        return HTTP_RESPONSE_BAD_HEADER;
    }
}

size_t http_response_read_line(struct http_response_parser *p, const char *data,
                               size_t len, size_t limit, bool *complete)
{
    if (p->line_len == 0) // the line's first byte: error messages point here
        p->line_start = p->offset;
    const char *lf = memchr(data, '\n', len);
    size_t take = lf ? (size_t)(lf - data) + 1 : len;
    // The line's bytes count against the section's limit, its LF included.
    if (take > limit) {
        http_response_fail(
            p, HTTP_RESPONSE_HEAD_TOO_BIG, p->offset + limit,
            "the head is larger than %d bytes (a line or the headers are too long)",
            HTTP_RESPONSE_MAX_HEAD);
        return limit;
    }
    p->section_bytes += take;
    size_t text = lf ? take - 1 : take; // without the LF
    if (grow(&p->line, &p->line_cap, p->line_len + text + 1) != 0) {
        http_response_fail(p, HTTP_RESPONSE_NO_MEMORY, p->offset,
                           "out of memory reading a line");
        return 0;
    }
    memcpy(p->line + p->line_len, data, text);
    p->line_len += text;
    p->line[p->line_len] = '\0';
    *complete = lf != NULL;
    if (!*complete)
        return take;
    p->line_crlf = p->line_len > 0 && p->line[p->line_len - 1] == '\r';
    if (p->line_crlf)
        p->line[--p->line_len] = '\0';
    // A CR belongs right before a LF (RFC 9112 section 2.2). Elsewhere it is how two
    // parsers are made to disagree about where a line ends, so it is an error,
    // whatever the line.
    const char *cr = memchr(p->line, '\r', p->line_len);
    if (cr != NULL) {
        http_response_fail(p, bare_cr_error(p->state),
                           p->line_start + (uint64_t)(cr - p->line),
                           "a CR that is not followed by LF");
        return take;
    }
    // A NUL would end the line early for the code that reads it as a C string
    // ("Content-Length: 5\0 0" would read as 5): an error too, as in llhttp.
    const char *nul = memchr(p->line, '\0', p->line_len);
    if (nul != NULL)
        http_response_fail(p, bare_cr_error(p->state),
                           p->line_start + (uint64_t)(nul - p->line),
                           "a NUL byte in a line of the head");
    return take;
}

int http_response_add_header(struct http_response_parser *p, const char *name,
                             size_t name_len, const char *value, size_t value_len)
{
    struct http_response *r = &p->response;
    struct http_header *grown =
        GROW_ARRAY(r->headers, r->header_cap, r->header_count + 1, 16);
    if (grown == NULL)
        goto no_memory;
    r->headers = grown;
    char *both = malloc(name_len + 1 + value_len + 1);
    if (both == NULL)
        goto no_memory;
    memcpy(both, name, name_len);
    both[name_len] = '\0';
    memcpy(both + name_len + 1, value, value_len);
    both[name_len + 1 + value_len] = '\0';
    r->headers[r->header_count++] =
        (struct http_header){.name = both, .value = both + name_len + 1};
    return 0;
no_memory:
    http_response_fail(p, HTTP_RESPONSE_NO_MEMORY, p->line_start,
                       "out of memory storing a header");
    return -1;
}

int http_response_append_body(struct http_response_parser *p, const char *data,
                              size_t len)
{
    struct http_response *r = &p->response;
    if (grow(&r->body, &r->body_cap, r->body_len + len) != 0) {
        http_response_fail(p, HTTP_RESPONSE_NO_MEMORY, p->offset,
                           "out of memory storing %zu body bytes", r->body_len + len);
        return -1;
    }
    memcpy(r->body + r->body_len, data, len);
    r->body_len += len;
    return 0;
}

bool http_token_list_has(const char *value, const char *token, bool last_only)
{
    size_t token_len = strlen(token);
    bool found = false;
    const char *s = value;
    for (;;) {
        s += strspn(s, " \t,");
        if (*s == '\0')
            return found;
        size_t n = strcspn(s, ",");
        size_t end = n;
        while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t'))
            end--;
        bool match = end == token_len && strncasecmp(s, token, token_len) == 0;
        if (match && !last_only)
            return true;
        found = match; // with last_only, a later element overrides
        s += n;
    }
}

const char *http_response_header(const struct http_response *r, const char *name)
{
    for (size_t i = 0; i < r->header_count; i++)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}

char *http_response_take_body(struct http_response_parser *p, size_t *len)
{
    char *body = p->response.body_len > 0 ? p->response.body : NULL;
    *len = p->response.body_len;
    if (body != NULL)
        p->response.body = NULL, p->response.body_cap = 0;
    p->response.body_len = 0;
    return body;
}

const char *http_response_result_name(enum http_response_result r)
{
    static const char *const names[] = {
        [HTTP_RESPONSE_MORE] = "MORE",
        [HTTP_RESPONSE_COMPLETE] = "COMPLETE",
        [HTTP_RESPONSE_BAD_STATUS_LINE] = "BAD_STATUS_LINE",
        [HTTP_RESPONSE_BAD_HEADER] = "BAD_HEADER",
        [HTTP_RESPONSE_HEAD_TOO_BIG] = "HEAD_TOO_BIG",
        [HTTP_RESPONSE_BAD_LENGTH] = "BAD_LENGTH",
        [HTTP_RESPONSE_BAD_CHUNK] = "BAD_CHUNK",
        [HTTP_RESPONSE_TRUNCATED] = "TRUNCATED",
        [HTTP_RESPONSE_NO_MEMORY] = "NO_MEMORY",
    };
    if ((unsigned)r < sizeof names / sizeof names[0] && names[r] != NULL)
        return names[r];
    return "(not a result)";
}
