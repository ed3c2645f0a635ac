// The state machine: hands each byte of a slice to the step the parser's state names,
// until the slice is used up, the response is complete, or a step fails.
#include "http_response_steps.h"

#include <string.h>

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
    /* BEGIN SOLUTION */
    while (used < len && p->result == HTTP_RESPONSE_MORE) {
        const char *at = data + used;
        size_t avail = len - used, n = 0;
        enum http_response_result r = HTTP_RESPONSE_MORE;
        switch (p->state) {
        case HTTP_PARSE_STATUS_LINE:
        case HTTP_PARSE_HEADER_LINE:
        case HTTP_PARSE_CHUNK_SIZE:
        case HTTP_PARSE_TRAILER_LINE: {
            bool complete = false;
            n = http_response_read_line(p, at, avail, line_budget(p), &complete);
            if (p->state == HTTP_PARSE_FAILED)
                break;
            if (not_http(p)) {
                r = http_response_fail(p, HTTP_RESPONSE_BAD_STATUS_LINE, p->line_start,
                                       "the response does not start with \"HTTP/\"");
                break;
            }
            if (complete) {
                r = handle_line(p);
                p->line_len = 0;
            }
            break;
        }
        case HTTP_PARSE_BODY:
        case HTTP_PARSE_CHUNK_DATA:
            // A body that runs until close takes everything; otherwise p->remaining at most.
            n = p->body_kind == HTTP_BODY_UNTIL_CLOSE || avail < p->remaining ? avail : (size_t)p->remaining;
            if (http_response_append_body(p, at, n) != 0)
                break;
            if (p->body_kind != HTTP_BODY_UNTIL_CLOSE && (p->remaining -= n) == 0) {
                if (p->state == HTTP_PARSE_CHUNK_DATA) {
                    p->state = HTTP_PARSE_CHUNK_END;
                } else {
                    p->state = HTTP_PARSE_DONE;
                    r = HTTP_RESPONSE_COMPLETE;
                }
            }
            break;
        case HTTP_PARSE_CHUNK_END:
            r = http_response_chunk_end(p, at, avail, &n);
            break;
        case HTTP_PARSE_DONE:
        case HTTP_PARSE_FAILED:
            break;
        }
        used += n;
        p->offset += n;
        if (p->state != HTTP_PARSE_FAILED)
            p->result = r;
    }
    /* BEGIN STUB
    // TODO(lab 05): while bytes remain and p->result is MORE, act on p->state:
    //  - a line state (STATUS_LINE, HEADER_LINE, CHUNK_SIZE, TRAILER_LINE): take
    //    bytes with http_response_read_line(p, ..., line_budget(p), &complete); fail
    //    at once if not_http(p); when the line is complete, handle_line(p) and set
    //    p->line_len = 0;
    //  - BODY and CHUNK_DATA: append min(available, p->remaining) bytes to the body
    //    (all of them for HTTP_BODY_UNTIL_CLOSE); when p->remaining reaches 0 a chunk
    //    goes on to CHUNK_END and a body is done (DONE, result COMPLETE);
    //  - CHUNK_END: http_response_chunk_end.
    // Count every byte taken in used and in p->offset; store each step's result in
    // p->result (a failed step has stored its error already).
    (void)data, (void)len, (void)handle_line, (void)line_budget, (void)not_http;
    http_response_fail(p, HTTP_RESPONSE_BAD_STATUS_LINE, 0,
                       "the parser is not written yet");
    END STUB */
    *consumed = used;
    return p->result;
}
// [/parse]

// [finish]
enum http_response_result http_response_finish(struct http_response_parser *p)
{
    /* BEGIN SOLUTION */
    if (p->state == HTTP_PARSE_BODY && p->body_kind == HTTP_BODY_UNTIL_CLOSE) {
        p->state = HTTP_PARSE_DONE;
        p->result = HTTP_RESPONSE_COMPLETE;
    } else if (p->result == HTTP_RESPONSE_MORE) {
        http_response_fail(p, HTTP_RESPONSE_TRUNCATED, p->offset,
                           p->offset == 0 ? "the connection closed before the response started"
                                          : "the connection closed before the response was complete");
    }
    return p->result;
    /* BEGIN STUB
    // TODO(lab 05): the peer closed. A body that runs until close is now complete
    // (state DONE, result COMPLETE); a response still in progress fails with
    // HTTP_RESPONSE_TRUNCATED; a complete or failed one keeps its result.
    return http_response_fail(p, HTTP_RESPONSE_TRUNCATED, p->offset,
                              "finish not written yet");
    END STUB */
}
// [/finish]
