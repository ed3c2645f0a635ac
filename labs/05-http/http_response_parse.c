// The parser's steps, in the order a response meets them: the status line, the header
// lines, the blank line that ends the head (and decides how the body ends), the chunks of
// a chunked body, and the trailers after them; then the state machine that hands each
// byte of a slice to the step the parser's state names. The plumbing they use (the line
// reader, buffers, errors) is given, in http_response.c.
//
// Every step returns HTTP_RESPONSE_MORE to go on, HTTP_RESPONSE_COMPLETE when the
// response ended, or an error made by http_response_fail (which also moves the parser
// to FAILED).
#include "http_response.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

// ---- the head: status line, header lines, the blank line ----

// [status_line]
// "HTTP/1.1 200 OK": the version (1.0 or 1.1), one space, three digits, then nothing
// or a space and a reason phrase (which may be empty). p->line holds the line
// without its CRLF.
static enum http_response_result
http_response_status_line(struct http_response_parser *p)
{
    const char *s = p->line;
    struct http_response *r = &p->response;
    // TODO(lab 05): accept only HTTP/1.0 or 1.1, a three-digit status and an optional
    // reason; fill the response and go on to the headers, or fail where it is wrong.
    // Chapter 5, "Lines first, meaning second"; hints: #hints-status-line.
    (void)s, (void)r;
    return http_response_fail(p, HTTP_RESPONSE_BAD_STATUS_LINE, p->line_start,
                              "status line not parsed yet");
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
    // TODO(lab 05): keep the Content-Length only if it is the first, a plain decimal
    // number, and fits in int64_t; anything else is BAD_LENGTH, never a guess.
    // Chapter 5, "How the body ends"; hints: #hints-content-length.
    (void)value, (void)at;
    return http_response_fail(p, HTTP_RESPONSE_BAD_LENGTH, p->line_start,
                              "Content-Length not parsed yet");
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

// The blank line after the headers (below): decides how the body ends.
static enum http_response_result
http_response_head_end(struct http_response_parser *p);

// A header line, or the blank line that ends the head.
static enum http_response_result
http_response_header_line(struct http_response_parser *p)
{
    if (p->line_len == 0)
        return http_response_head_end(p);
    return read_header(p, false);
}

// [head_end]
// The head is complete. RFC 9112 section 6.3, in order: a response to HEAD, a 1xx, 204
// or 304 has no body whatever its headers say; chunked comes next; then
// Content-Length; any other Transfer-Encoding, or none of these, means the body runs
// until the peer closes. A Transfer-Encoding beside a Content-Length is an error: two
// parsers could disagree about where the body ends (the trick behind response
// splitting). Only a body with a known end lets the connection be reused: HTTP/1.1
// unless "Connection: close", HTTP/1.0 only with "Connection: keep-alive".
static enum http_response_result
http_response_head_end(struct http_response_parser *p)
{
    struct http_response *r = &p->response;
    // TODO(lab 05): decide how the body ends (the rules above, in their order) and
    // whether the connection may be reused; then complete, or read the body next.
    // Chapter 5, "How the body ends"; hints: #hints-head-end.
    (void)r;
    return http_response_fail(p, HTTP_RESPONSE_BAD_HEADER, p->line_start,
                              "end of head not handled yet");
}
// [/head_end]

// ---- a chunked body: "5;name=value\r\nhello\r\n0\r\n\r\n" ----
// Each chunk is a hex size line (with optional extensions, which are ignored), that many
// bytes of data, and a CRLF; a chunk of size 0 ends the body and is followed by trailer
// lines and a blank line.

// [chunk_size]
// p->line holds the size line without its CRLF: hex digits, optional spaces or
// tabs, then nothing or ";extensions". A size that does not fit in 63 bits is an
// error, not a wrap.
static enum http_response_result
http_response_chunk_size_line(struct http_response_parser *p)
{
    const char *s = p->line;
    // TODO(lab 05): read the chunk's size (hex digits, then blanks or an extension)
    // into p->remaining, refusing what is no size or passes 2^63; 0 ends the chunks.
    // Chapter 5, "How the body ends"; hints: #hints-chunk-size.
    (void)s;
    return http_response_fail(p, HTTP_RESPONSE_BAD_CHUNK, p->line_start,
                              "chunk size not parsed yet");
}
// [/chunk_size]

// [chunk_end]
// After a chunk's data comes exactly CRLF; anything else means the size was wrong. The
// two bytes may arrive in different slices: p->chunk_end_cr remembers the CR.
static enum http_response_result
http_response_chunk_end(struct http_response_parser *p, const char *data, size_t len,
                        size_t *used)
{
    *used = 0;
    // TODO(lab 05): accept exactly CR LF after a chunk's data, even when the two
    // arrive in different calls; any other byte is BAD_CHUNK at its offset.
    // Chapter 5, "How the body ends"; hints: #hints-chunk-end.
    (void)data, (void)len;
    return http_response_fail(p, HTTP_RESPONSE_BAD_CHUNK, p->offset,
                              "chunk end not handled yet");
}
// [/chunk_end]

// A trailer line, or the blank line that ends the response.
static enum http_response_result
http_response_trailer_line(struct http_response_parser *p)
{
    if (p->line_len == 0) {
        p->state = HTTP_PARSE_DONE;
        return HTTP_RESPONSE_COMPLETE;
    }
    return read_header(p, true);
}

// ---- the state machine ----

// Line states read a whole line first, then let its step decide what comes next.
static enum http_response_result handle_line(struct http_response_parser *p)
{
    switch (p->state) {
    case HTTP_PARSE_STATUS_LINE:
        // Blank lines before a status line are skipped, as libhttp-parser does: a
        // server may end a body with one CRLF too many.
        if (p->line_len == 0)
            return HTTP_RESPONSE_MORE;
        return http_response_status_line(p);
    case HTTP_PARSE_HEADER_LINE:
        return http_response_header_line(p);
    case HTTP_PARSE_CHUNK_SIZE:
        p->section_bytes = 0; // each size line has a budget of its own (a body
                              // may have millions)
        // RFC 9112 allows a bare LF for the lines of the head only; in a chunked body
        // it more likely means the sizes and the data disagree.
        if (!p->line_crlf)
            return http_response_fail(
                p, HTTP_RESPONSE_BAD_CHUNK, p->line_start + p->line_len,
                "a chunk-size line that ends in a bare LF, not CRLF");
        return http_response_chunk_size_line(p);
    case HTTP_PARSE_TRAILER_LINE:
        return http_response_trailer_line(p);
    default:
        return http_response_fail(p, HTTP_RESPONSE_BAD_STATUS_LINE, p->offset,
                                  "internal: no line expected");
    }
}

// Bytes one line may still add: the head, each chunk-size line and the trailers each
// have a budget of HTTP_RESPONSE_MAX_HEAD bytes.
static size_t line_budget(const struct http_response_parser *p)
{
    return p->section_bytes < HTTP_RESPONSE_MAX_HEAD
               ? HTTP_RESPONSE_MAX_HEAD - p->section_bytes
               : 0;
}

// Before the status line is complete, bytes that cannot start "HTTP/" fail at once: a
// server that answers garbage is reported now, not after 80 KiB or at close.
static bool not_http(const struct http_response_parser *p)
{
    if (p->state != HTTP_PARSE_STATUS_LINE ||
        (p->line_len == 1 && p->line[0] == '\r')) // a blank line's CR
        return false;
    size_t n = p->line_len < 5 ? p->line_len : 5;
    return memcmp(p->line, "HTTP/", n) != 0;
}

// [parse]
enum http_response_result http_response_parse(struct http_response_parser *p,
                                              const char *data, size_t len,
                                              size_t *consumed)
{
    size_t used = 0;
    // TODO(lab 05): take the bytes this response needs, each in the step its state
    // names, until the data runs out or the result is not MORE; count each byte.
    // Chapter 5, "Lines first, meaning second"; hints: #hints-parse.
    (void)data, (void)len, (void)handle_line, (void)line_budget, (void)not_http;
    (void)http_response_chunk_end;
    http_response_fail(p, HTTP_RESPONSE_BAD_STATUS_LINE, 0,
                       "the parser is not written yet");
    *consumed = used;
    return p->result;
}
// [/parse]

// [finish]
enum http_response_result http_response_finish(struct http_response_parser *p)
{
    // TODO(lab 05): the peer closed: a body that runs until close is complete now, a
    // response still in progress is TRUNCATED, one with a result keeps it.
    // Chapter 5, "How the body ends"; hints: #hints-finish.
    return http_response_fail(p, HTTP_RESPONSE_TRUNCATED, p->offset,
                              "finish not written yet");
}
// [/finish]
