// request_parser: the server's side of HTTP/1.1 - an incremental (push) parser for the
// requests that arrive on one connection, one after another.
//
// It is lab 05's response parser turned around. Bytes come in whatever slices the
// network chose; the caller pushes each slice and the parser says how far it got:
//
//     struct request_parser p;
//     request_parser_init(&p);
//     size_t used;
//     int r = request_parse(&p, buf, n, &used);
//     if (r == REQUEST_MORE) ...           // every byte was used: read again
//     else if (r == REQUEST_COMPLETE) ...  // p.request holds it; buf[used..n) is the
//                                          // next request's (pipelining)
//     else ...                             // a negative errno: answer
//                                          // request_error_status(r), then close
//
// A server parses what strangers send, so every field has a limit, and every way a
// request can be wrong maps to the status a real server answers with, after which the
// connection closes (its framing can no longer be trusted):
//   -EBADMSG     400 Bad Request                      malformed
//   -EMSGSIZE    431 Request Header Fields Too Large  request line + headers over 8 KiB
//   -EFBIG       413 Content Too Large                Content-Length over the body limit
//   -EOPNOTSUPP  501 Not Implemented                  a method or a Transfer-Encoding
//                                                     this server does not implement
//   -ENOMEM      500 Internal Server Error
//
// The head is read a line at a time (given, in request_parser.c); the steps that
// understand each line are in request_parse.c, in the order a request meets them.
#ifndef REQUEST_PARSER_H
#define REQUEST_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// The request line and the headers together, with their line ends (nginx's default
// large_client_header_buffers is 8 KiB too), and the largest body accepted.
#define REQUEST_MAX_HEAD (8 * 1024)
#define REQUEST_MAX_BODY (64 * 1024)

// [request_results]
// request_parse's two kinds of progress; anything else it returns is a negative errno.
enum { REQUEST_MORE = 0, REQUEST_COMPLETE = 1 };
// [/request_results]

// [request_struct]
struct request_header {
    char *name;  // as received; one allocation holds both
    char *value; // surrounding spaces and tabs removed
};

struct request {
    char method[8];   // "GET", "HEAD", "POST", "PUT", "DELETE" or "OPTIONS"
    char *target;     // the request target as sent, e.g. "/work?x=1"
    int version_minor;           // 0 for HTTP/1.0, 1 for HTTP/1.1
    struct request_header *headers;
    size_t header_count, header_cap;
    char *body;                  // Content-Length bytes; NULL while empty
    size_t body_len, body_cap;
    bool keep_alive;  // valid once complete: the client may send another request
};
// [/request_struct]

// [request_parser_struct]
enum request_state {
    REQUEST_STATE_LINE,   // a line: the request line (blank lines before it are skipped)
    REQUEST_STATE_HEADER, // a line: a header, or the blank line that ends the head
    REQUEST_STATE_BODY,   // raw bytes: p->remaining of them
    REQUEST_STATE_DONE,   // complete: only request_parser_reset moves on
    REQUEST_STATE_FAILED, // p->result holds the error
};

struct request_parser {
    struct request request;
    enum request_state state;
    int result;               // REQUEST_MORE while parsing, then COMPLETE or the error
    int64_t content_length;   // -1 until a Content-Length header is seen
    bool conn_close, conn_keep_alive; // tokens seen in Connection headers
    uint64_t remaining;       // body bytes still to come
    char *line;               // the line being read, without its line end; NUL-terminated
    size_t line_len, line_cap;
    uint64_t line_start;      // offset of the line's first byte in the request
    size_t head_bytes;        // bytes of the head so far, against REQUEST_MAX_HEAD
    uint64_t offset;          // bytes of this request used so far
    char error[160];          // why, and at which byte, when result is an error
};
// [/request_parser_struct]

// [request_api]
// Starts a parser for the requests of one connection.
void request_parser_init(struct request_parser *p);

// Frees everything the parser and its request own.
void request_parser_free(struct request_parser *p);

// After COMPLETE: forgets the request and gets ready for the next one on the same
// connection, keeping the buffers' memory.
void request_parser_reset(struct request_parser *p);

// Pushes len bytes. Sets *consumed to how many were used: all of them on MORE, up to
// the end of the request on COMPLETE (the rest belong to the next one), up to the bad
// byte on an error. Any slicing of the same bytes gives the same result.
int request_parse(struct request_parser *p, const char *data, size_t len, size_t *consumed);

// True when the parser has started on a request: some of its bytes (beyond one blank
// line) have arrived. A server uses it to tell an idle connection from a slow one.
bool request_parser_started(const struct request_parser *p);

// The first header with this name (case-insensitive), or NULL.
const char *request_header(const struct request *r, const char *name);

// The status code a server answers an error of request_parse with: 400, 431, 413,
// 501, or 500 for anything else.
int request_error_status(int error);
// [/request_api]

// ---- for the parser's steps (request_parse.c); given, in request_parser.c ----

// Records an error: p->result = error, p->state = FAILED, p->error = the message
// (printf-style) and " at byte N" (N counted from the request's first byte).
// Returns error, so a step can write `return request_fail(p, -EBADMSG, ...);`.
int request_fail(struct request_parser *p, int error, uint64_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

// Reads bytes into p->line up to and including a LF, counting them against
// REQUEST_MAX_HEAD (past it the parser fails with -EMSGSIZE). Returns how many bytes of
// data it used and sets *complete once the LF arrived: p->line then holds the line
// without its LF or CRLF, NUL-terminated. A CR or a NUL anywhere else fails with
// -EBADMSG. Check p->state for FAILED after each call.
size_t request_read_line(struct request_parser *p, const char *data, size_t len,
                         bool *complete);

// Appends name: value to the request's headers. 0, or -ENOMEM after failing.
int request_add_header(struct request_parser *p, const char *name, size_t name_len,
                       const char *value, size_t value_len);

// True when the comma-separated list value holds token (case-insensitive).
bool request_token_list_has(const char *value, const char *token);

// RFC 9110's tchar: the bytes a method or a header name may contain.
bool request_is_token_char(unsigned char c);

#endif
