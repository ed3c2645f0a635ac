// http_response_steps: the pieces http_response_parse is built from, shared by its
// files. Not part of the public contract (a client includes http_response.h only).
//
//   http_response.c          given plumbing: buffers, headers, errors, the line
//   reader http_response_head.c     the status line, header lines, and what the
//   head says about the body http_response_chunked.c  chunk-size lines and the CRLF
//   after each chunk's data http_response_parse.c    the state machine that feeds
//   bytes to the steps above
//
// Every step returns HTTP_RESPONSE_MORE to go on, HTTP_RESPONSE_COMPLETE when the
// response ended, or an error made by http_response_fail (which also moves the
// parser to FAILED).
#ifndef HTTP_RESPONSE_STEPS_H
#define HTTP_RESPONSE_STEPS_H

#include "http_response.h"

// ---- given (http_response.c) ----

// Records an error: p->result = result, p->state = FAILED, and p->error = the message
// (printf-style) followed by " at byte N" (N counted from the response's first byte).
// Returns result, so a step can write `return http_response_fail(p, ...);`.
enum http_response_result http_response_fail(struct http_response_parser *p,
                                             enum http_response_result result,
                                             uint64_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

// Reads bytes into p->line up to and including a LF. Returns how many bytes of data it
// used, and sets *complete once the LF arrived: p->line then holds the line without LF
// or a final CR, NUL-terminated, and p->line_crlf says whether that CR was there.
// limit: the most bytes this line may add to p->section_bytes; past it the parser
// fails with HEAD_TOO_BIG. A CR anywhere else in the line fails too (BAD_STATUS_LINE,
// BAD_HEADER or BAD_CHUNK, by state). Check p->state for FAILED after each call.
size_t http_response_read_line(struct http_response_parser *p, const char *data,
                               size_t len, size_t limit, bool *complete);

// Appends name: value to the response's headers. 0, or -1 after
// failing with NO_MEMORY.
int http_response_add_header(struct http_response_parser *p, const char *name,
                             size_t name_len, const char *value, size_t value_len);

// Appends body bytes. 0, or -1 after failing with NO_MEMORY.
int http_response_append_body(struct http_response_parser *p, const char *data,
                              size_t len);

// True when the comma-separated list value holds token (case-insensitive), e.g.
// "close" in "Keep-Alive, close". last_only: only its last element counts
// ("gzip, chunked").
bool http_token_list_has(const char *value, const char *token, bool last_only);

// ---- the head (http_response_head.c) ----
enum http_response_result http_response_status_line(struct http_response_parser *p);
enum http_response_result http_response_header_line(struct http_response_parser *p);
// The blank line after the headers: decides how the body ends (or that the
// response is done).
enum http_response_result http_response_head_end(struct http_response_parser *p);

// ---- chunked bodies (http_response_chunked.c) ----
enum http_response_result http_response_chunk_size_line(
    struct http_response_parser *p);
// Feeds bytes after a chunk's data, which must be CRLF; *used says how many it
// took (at most 2).
enum http_response_result http_response_chunk_end(struct http_response_parser *p,
                                                  const char *data, size_t len,
                                                  size_t *used);
enum http_response_result http_response_trailer_line(struct http_response_parser *p);

#endif
