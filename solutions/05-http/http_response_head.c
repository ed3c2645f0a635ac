// The head of a response: the status line, the header lines, and the blank line after
// which the head alone decides how the body ends.
#include "http_response_steps.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

// [status_line]
// "HTTP/1.1 200 OK": the version (1.0 or 1.1), one space, three digits, then nothing
// or a space and a reason phrase (which may be empty). p->line holds the line
// without its CRLF.
enum http_response_result http_response_status_line(struct http_response_parser *p)
{
    const char *s = p->line;
    struct http_response *r = &p->response;
    /* BEGIN SOLUTION */
    if (strncmp(s, "HTTP/1.", 7) != 0 || (s[7] != '0' && s[7] != '1'))
        return http_response_fail(p, HTTP_RESPONSE_BAD_STATUS_LINE, p->line_start,
                                  "the status line does not start with HTTP/1.0 or HTTP/1.1");
    r->version_minor = s[7] - '0';
    if (s[8] != ' ' || !isdigit((unsigned char)s[9]) || s[9] == '0' || !isdigit((unsigned char)s[10]) ||
        !isdigit((unsigned char)s[11]))
        return http_response_fail(p, HTTP_RESPONSE_BAD_STATUS_LINE, p->line_start + 8,
                                  "expected a space and a three-digit status code after the version");
    r->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
    if (s[12] != '\0' && s[12] != ' ')
        return http_response_fail(p, HTTP_RESPONSE_BAD_STATUS_LINE, p->line_start + 12,
                                  "the status code has more than three digits or is not followed by a space");
    // The reason phrase is for humans: kept, never checked (libhttp-parser does the same).
    const char *reason = s[12] == ' ' ? s + 13 : s + 12;
    size_t n = strlen(reason);
    if (n >= sizeof r->reason)
        n = sizeof r->reason - 1;
    memcpy(r->reason, reason, n);
    r->reason[n] = '\0';
    p->state = HTTP_PARSE_HEADER_LINE;
    return HTTP_RESPONSE_MORE;
    /* BEGIN STUB
    // TODO(lab 05): check that s is "HTTP/1.0 " or "HTTP/1.1 ", three digits (not
    // starting with 0), then the end of the line or a space and a reason. Fill
    // r->version_minor, r->status and r->reason (cut to fit), move p->state to
    // HTTP_PARSE_HEADER_LINE and return MORE. On bad input: return
    // http_response_fail(p, HTTP_RESPONSE_BAD_STATUS_LINE, p->line_start + column,
    // "what was wrong").
    (void)s, (void)r;
    return http_response_fail(p, HTTP_RESPONSE_BAD_STATUS_LINE, p->line_start,
                              "status line not parsed yet");
    END STUB */
}
// [/status_line]

// RFC 9110's tchar: the bytes a header name may contain.
static bool is_token_char(unsigned char c)
{
    return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

// [content_length]
// A Content-Length value: digits only (spaces around it are already gone), no more
// than fits in int64_t, and only one Content-Length per response.
static enum http_response_result parse_content_length(struct http_response_parser *p,
                                                      const char *value, uint64_t at)
{
    /* BEGIN SOLUTION */
    if (p->content_length >= 0)
        return http_response_fail(p, HTTP_RESPONSE_BAD_LENGTH, at, "a second Content-Length header");
    if (*value == '\0')
        return http_response_fail(p, HTTP_RESPONSE_BAD_LENGTH, at, "an empty Content-Length");
    int64_t n = 0;
    for (const char *c = value; *c != '\0'; c++) {
        if (!isdigit((unsigned char)*c))
            return http_response_fail(p, HTTP_RESPONSE_BAD_LENGTH, at + (uint64_t)(c - value),
                                      "Content-Length \"%.20s\" is not a number", value);
        if (n > (INT64_MAX - (*c - '0')) / 10)
            return http_response_fail(p, HTTP_RESPONSE_BAD_LENGTH, at + (uint64_t)(c - value),
                                      "Content-Length \"%.30s\" overflows", value);
        n = n * 10 + (*c - '0');
    }
    p->content_length = n;
    return HTTP_RESPONSE_MORE;
    /* BEGIN STUB
    // TODO(lab 05): fail with HTTP_RESPONSE_BAD_LENGTH if a Content-Length was
    // already seen (p->content_length >= 0), if value is empty, has a non-digit,
    // or overflows int64_t (check before multiplying by 10). Otherwise store it
    // in p->content_length.
    (void)value, (void)at;
    return http_response_fail(p, HTTP_RESPONSE_BAD_LENGTH, p->line_start,
                              "Content-Length not parsed yet");
    END STUB */
}
// [/content_length]

// "Name: value". The name is a token with no space before the colon; the value loses
// its surrounding spaces and tabs and may not hold control characters.
static enum http_response_result read_header(struct http_response_parser *p,
                                             bool trailer)
{
    const char *s = p->line;
    if (*s == ' ' || *s == '\t')
        return http_response_fail(p, HTTP_RESPONSE_BAD_HEADER, p->line_start,
                                  "a header line starts with a space (obsolete line "
                                  "folding is not accepted)");
    size_t name_len = 0;
    while (is_token_char((unsigned char)s[name_len]))
        name_len++;
    if (name_len == 0 || s[name_len] != ':')
        return http_response_fail(p, HTTP_RESPONSE_BAD_HEADER,
                                  p->line_start + name_len,
                                  "expected a header name and a colon");
    const char *value = s + name_len + 1;
    value += strspn(value, " \t");
    size_t value_len = strlen(value);
    for (size_t i = 0; i < value_len; i++)
        if (((unsigned char)value[i] < 32 && value[i] != '\t') || value[i] == 127)
            return http_response_fail(
                p, HTTP_RESPONSE_BAD_HEADER, p->line_start + (uint64_t)(value + i - s),
                "control character 0x%02x in a header value", (unsigned char)value[i]);
    while (value_len > 0 &&
           (value[value_len - 1] == ' ' || value[value_len - 1] == '\t'))
        value_len--;
    if (http_response_add_header(p, s, name_len, value, value_len) != 0)
        return p->result;
    if (trailer) // trailers never change how this body is framed
        return HTTP_RESPONSE_MORE;

    const struct http_header *h = &p->response.headers[p->response.header_count - 1];
    if (strcasecmp(h->name, "Content-Length") == 0)
        return parse_content_length(p, h->value,
                                    p->line_start + (uint64_t)(value - s));
    if (strcasecmp(h->name, "Transfer-Encoding") == 0) {
        // Only a list that ends in chunked is chunked; any other coding
        // runs until close.
        p->chunked = http_token_list_has(h->value, "chunked", true);
        p->te_other = !p->chunked;
    } else if (strcasecmp(h->name, "Connection") == 0) {
        p->conn_close |= http_token_list_has(h->value, "close", false);
        p->conn_keep_alive |= http_token_list_has(h->value, "keep-alive", false);
    }
    return HTTP_RESPONSE_MORE;
}

enum http_response_result http_response_header_line(struct http_response_parser *p)
{
    if (p->line_len == 0)
        return http_response_head_end(p);
    return read_header(p, false);
}

enum http_response_result http_response_trailer_line(struct http_response_parser *p)
{
    if (p->line_len == 0) {
        p->state = HTTP_PARSE_DONE;
        return HTTP_RESPONSE_COMPLETE;
    }
    return read_header(p, true);
}

// [head_end]
// The head is complete. RFC 9112 section 6.3, in order: a response to HEAD, a 1xx, 204
// or 304 has no body whatever its headers say; chunked comes next; then
// Content-Length; any other Transfer-Encoding, or none of these, means the body runs
// until the peer closes. A Transfer-Encoding beside a Content-Length is an error: two
// parsers could disagree about where the body ends (the trick behind response
// splitting). Only a body with a known end lets the connection be reused: HTTP/1.1
// unless "Connection: close", HTTP/1.0 only with "Connection: keep-alive".
enum http_response_result http_response_head_end(struct http_response_parser *p)
{
    struct http_response *r = &p->response;
    /* BEGIN SOLUTION */
    if ((p->chunked || p->te_other) && p->content_length >= 0)
        return http_response_fail(p, HTTP_RESPONSE_BAD_LENGTH, p->line_start,
                                  "both Content-Length and Transfer-Encoding (where the body ends is ambiguous)");
    if (p->head_request || r->status / 100 == 1 || r->status == 204 || r->status == 304)
        p->body_kind = HTTP_BODY_NONE;
    else if (p->chunked)
        p->body_kind = HTTP_BODY_CHUNKED;
    else if (p->te_other || p->content_length < 0)
        p->body_kind = HTTP_BODY_UNTIL_CLOSE;
    else
        p->body_kind = p->content_length == 0 ? HTTP_BODY_NONE : HTTP_BODY_LENGTH;

    bool wants_reuse = r->version_minor == 1 ? !p->conn_close : p->conn_keep_alive;
    r->keep_alive = wants_reuse && p->body_kind != HTTP_BODY_UNTIL_CLOSE;
    p->section_bytes = 0; // chunk-size lines and trailers get a budget of their own

    switch (p->body_kind) {
    case HTTP_BODY_NONE:
        p->state = HTTP_PARSE_DONE;
        return HTTP_RESPONSE_COMPLETE;
    case HTTP_BODY_LENGTH:
        p->remaining = (uint64_t)p->content_length;
        p->state = HTTP_PARSE_BODY;
        break;
    case HTTP_BODY_UNTIL_CLOSE:
        p->state = HTTP_PARSE_BODY;
        break;
    case HTTP_BODY_CHUNKED:
        p->state = HTTP_PARSE_CHUNK_SIZE;
        break;
    }
    return HTTP_RESPONSE_MORE;
    /* BEGIN STUB
    // TODO(lab 05): set p->body_kind from the rules above (p->head_request, r->status,
    // p->chunked, p->te_other, p->content_length; any Transfer-Encoding beside a
    // Content-Length fails with HTTP_RESPONSE_BAD_LENGTH), then r->keep_alive. Reset
    // p->section_bytes to 0. Then either the response is done (state DONE, return
    // COMPLETE), or move to HTTP_PARSE_BODY (with p->remaining set for a length) or
    // HTTP_PARSE_CHUNK_SIZE and return MORE.
    (void)r;
    return http_response_fail(p, HTTP_RESPONSE_BAD_HEADER, p->line_start,
                              "end of head not handled yet");
    END STUB */
}
// [/head_end]
