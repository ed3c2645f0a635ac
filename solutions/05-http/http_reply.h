// http_reply: what a fetch hands back - the status and body, or why there is none.
//
// Both clients (the async http_fetch and the blocking http_blocking_get) fill one in.
// The caller owns it and the body in it: http_reply_clear frees the body. An error is
// per request: it is in the reply of the request that failed, and nowhere else.
#ifndef HTTP_REPLY_H
#define HTTP_REPLY_H

#include <stddef.h>

// [reply]
struct http_reply {
    int status;        // the response's status code, 0 when no response arrived
    char *body;        // the decoded body (malloc'd; NULL when empty),
                       // body_len bytes, followed
    size_t body_len;   // by a NUL that body_len does not count (handy for text)
    int error;         // 0, or what went wrong: ECONNREFUSED, ETIMEDOUT,
                       // EPROTO (a malformed response), ECONNRESET (the connection
                       // ended mid-response), EINVAL (a bad URL)...
    char message[256]; // the error in words (the parser's own message for EPROTO); ""
                       // when none
};
// [/reply]

// Frees the body and makes the reply empty again (status 0, no error).
void http_reply_clear(struct http_reply *reply);

// Records an error: reply->error = error (> 0, stored as a future stores one) and the
// message formatted from fmt. Returns -error, so that a function can record and
// return it in one go: return http_reply_fail(reply, ETIMEDOUT, ...).
int http_reply_fail(struct http_reply *reply, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
