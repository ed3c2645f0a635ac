// http_response: an incremental (push) parser for one HTTP/1.1 response at a time.
//
// Bytes arrive from a socket in whatever slices the network chose: a status line cut
// in half, a header split across two reads, three responses in one read. The parser
// never asks for more: the caller pushes each slice in as it arrives and the parser
// says how far it got.
//
//     struct http_response_parser p;
//     http_response_parser_init(&p, false);      // true when the request was a HEAD
//     for (;;) {
//         ssize_t n = read(fd, buf, sizeof buf);  // n == 0: the peer closed
//         size_t used = 0;
//         enum http_response_result r =
//             n > 0 ? http_response_parse(&p, buf, (size_t)n, &used)
//                   : http_response_finish(&p);
//         if (r == HTTP_RESPONSE_MORE) continue;  // every byte was used: read again
//         if (r == HTTP_RESPONSE_COMPLETE) ...;   // p.response holds it; the rest,
//                                                 // buf[used..n), is the next one's
//         else ...;                               // an error, in p.error
//     }
//
// Design, in one paragraph: the head (status line, headers, chunk-size lines,
// trailers) is read a line at a time into a growable line buffer, and each complete
// line is handled on its own; so a split anywhere inside a line costs nothing, and the
// code that understands a line never sees a partial one. Lines of the head may end in
// a bare LF (RFC 9112 section 2.2); the framing of a chunked body must be exact CRLFs.
// Body bytes are copied straight from the caller's slice into the response's body
// buffer. The parser's state says which kind of line or body comes next. The steps,
// one per kind of line, are in http_response_parse.c in the order a response meets
// them; the plumbing they share (line reader, buffers, errors) is in http_response.c.
#ifndef HTTP_RESPONSE_H
#define HTTP_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// The largest head (status line + headers + the blank line) accepted, and the largest
// chunk-size line or trailer section; the same limit libhttp-parser uses (80 KiB).
#define HTTP_RESPONSE_MAX_HEAD (80 * 1024)

// [result]
// What a call to the parser produced. The first two are progress; every other value is
// an error, and the parser then stays in that error (later calls return it again).
enum http_response_result {
    HTTP_RESPONSE_MORE,             // every byte was used; the response is
                                    // not complete yet
    HTTP_RESPONSE_COMPLETE,         // a whole response is in p->response;
                                    // *consumed says how many bytes of this slice
                                    // were its last ones
    HTTP_RESPONSE_BAD_STATUS_LINE,  // not "HTTP/1.x NNN reason"
    HTTP_RESPONSE_BAD_HEADER,       // a header line that is not "name: value"
    HTTP_RESPONSE_HEAD_TOO_BIG,     // the head, a chunk-size line or the trailers
                                    // exceed the limit
    HTTP_RESPONSE_BAD_LENGTH,       // Content-Length invalid, repeated, or
                                    // beside Transfer-Encoding
    HTTP_RESPONSE_BAD_CHUNK,        // a chunk-size line that is not hex, overflows, or
                                    // no CRLF after data
    HTTP_RESPONSE_TRUNCATED,        // the peer closed before the response was complete
    HTTP_RESPONSE_NO_MEMORY,        // malloc failed
};
// [/result]

// [response]
struct http_header {
    char *name;  // as received (compare it case-insensitively); one
                 // allocation holds both
    char *value; // leading and trailing spaces and tabs removed
};

// One parsed response. The parser owns everything here until
// http_response_parser_free or http_response_parser_reset; http_response_take_body
// hands the body over to the caller.
struct http_response {
    int version_minor; // 0 for HTTP/1.0, 1 for HTTP/1.1
    int status;        // 100..999
    char reason[64];   // the reason phrase, cut to fit; may be empty
    struct http_header *headers; // in arrival order; trailers of a
                                 // chunked body come last
    size_t header_count, header_cap;
    char *body;        // the decoded body (chunked framing removed); NULL while empty
    size_t body_len, body_cap;
    bool keep_alive;   // valid once complete: the connection may carry another request
};
// [/response]

// [parser]
// How the body ends, decided from the head (RFC 9112 section 6.3).
enum http_body_kind {
    HTTP_BODY_NONE,        // HEAD, 1xx, 204, 304, or Content-Length: 0
    HTTP_BODY_LENGTH,      // Content-Length bytes
    HTTP_BODY_CHUNKED,     // Transfer-Encoding: chunked
    HTTP_BODY_UNTIL_CLOSE, // neither: the body is everything until the peer closes
};

// What the parser expects next. Line states read one line (up to LF)
// into p->line first.
enum http_parse_state {
    HTTP_PARSE_STATUS_LINE,  // line
    HTTP_PARSE_HEADER_LINE,  // line: a header, or the blank line that ends the head
    HTTP_PARSE_BODY,         // raw bytes: p->remaining of them (or until close)
    HTTP_PARSE_CHUNK_SIZE,   // line: hex size, optional ";extension"
    HTTP_PARSE_CHUNK_DATA,   // raw bytes: p->remaining of them
    HTTP_PARSE_CHUNK_END,    // the CRLF after a chunk's data
    HTTP_PARSE_TRAILER_LINE, // line: a trailer header, or the blank line
                             // that ends the body
    HTTP_PARSE_DONE,         // complete: only http_response_parser_reset moves on
    HTTP_PARSE_FAILED,       // p->result holds the error
};

struct http_response_parser {
    struct http_response response;
    enum http_parse_state state;
    enum http_response_result result; // MORE while parsing, then COMPLETE or the error
    bool head_request;                // the request was HEAD: the response has no body
    enum http_body_kind body_kind;
    uint64_t remaining;               // body or chunk bytes still to come
    int64_t content_length;           // -1 until a Content-Length header is seen
    bool chunked, te_other;           // Transfer-Encoding: chunked last /
                                      // some other coding
    bool conn_close, conn_keep_alive; // tokens seen in Connection headers
    bool chunk_end_cr;                // CHUNK_END: the CR has been seen
    char *line;                       // the line being read, without its
                                      // LF; NUL-terminated
    size_t line_len, line_cap;
    bool line_crlf;                   // the complete line ended in CRLF, not a bare LF
    uint64_t line_start;              // offset of the line's first
                                      // byte in the response
    size_t section_bytes;             // head (or trailer) bytes so far,
                                      // against the limit
    uint64_t offset;                  // bytes of this response used so far
    char error[160];                  // why, and at which byte, when
                                      // result is an error
};
// [/parser]

// [api]
// Starts a parser for one response. head_request: the request was HEAD, so
// the response has no body whatever its headers say (the parser cannot
// know what was sent).
void http_response_parser_init(struct http_response_parser *p, bool head_request);

// Frees everything the parser and its response own. The parser can be
// initialized again.
void http_response_parser_free(struct http_response_parser *p);

// After COMPLETE (or to start over): forgets the response and gets ready for the
// next one on the same connection, keeping the buffers' memory. Same head_request
// meaning as init.
void http_response_parser_reset(struct http_response_parser *p, bool head_request);

// Pushes len bytes. Sets *consumed to how many were used: all of them on MORE, up to
// the end of the response on COMPLETE (the rest belong to the next response), up to
// the bad byte on an error. Any slicing of the same bytes gives the same result.
enum http_response_result http_response_parse(struct http_response_parser *p,
                                              const char *data, size_t len,
                                              size_t *consumed);

// The peer closed the connection (read returned 0). Completes a body that runs until
// close; any other unfinished response is TRUNCATED. Returns the parser's result.
enum http_response_result http_response_finish(struct http_response_parser *p);

// The first header with this name (case-insensitive), or NULL.
const char *http_response_header(const struct http_response *r, const char *name);

// Hands the body (malloc'd; the caller frees it) and its length to the caller; the
// response then has no body. NULL when the body is empty.
char *http_response_take_body(struct http_response_parser *p, size_t *len);

// "MORE", "COMPLETE", "BAD_STATUS_LINE", ...: for messages.
const char *http_response_result_name(enum http_response_result r);
// [/api]

// ---- for the parser's steps (http_response_parse.c); given, in http_response.c ----

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

#endif
