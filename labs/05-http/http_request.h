// http_request: one request's life outside the network - the URL split into its
// parts, the address to connect to, the bytes to send, and the reply the caller gets.
//
// Both clients (the async http_fetch and the blocking http_blocking_get) go through it
// in that order: http_url_split, http_address_resolve, http_request_build, and at the
// end a struct http_reply filled in with the response, or with why there is none.
#ifndef HTTP_REQUEST_H
#define HTTP_REQUEST_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// ---- the URL ----

// [url]
struct http_url {
    char host[256];  // a name or an IPv4 address; "[::1]"-style IPv6 is not supported
    uint16_t port;   // 80 when the URL names none
    char path[2048]; // starts with '/'; "/" when the URL has none; the query stays in
                     // it
};

// Splits url into *out. Returns 0, or -EINVAL with *why (when why is not NULL) a
// message saying what is wrong (a static string; *out is then unspecified): not
// http://, https://, an empty or too long host, a port that is not a number from 1
// to 65535, a path too long, a space or control character.
int http_url_split(const char *url, struct http_url *out, const char **why);
// [/url]

// ---- the address ----

// Fills *addr with host's IPv4 address and port. A dotted address is converted at
// once; a name is looked up with getaddrinfo, which blocks (aiohttp runs that lookup
// in a thread; the labs only ever use 127.0.0.1). Returns 0, or -EHOSTUNREACH when
// the name has no IPv4 address.
int http_address_resolve(const char *host, uint16_t port, struct sockaddr_in *addr);

// ---- the bytes to send ----

// [request]
// Writes "METHOD path HTTP/1.1", "Host: host[:port]" (the port only when it is not
// 80), "Connection: keep-alive" or "Connection: close", and the blank line, into buf
// (NUL-terminated). method is "GET" or "HEAD". Returns the request's length without
// the NUL, or -ENOSPC when it does not fit in size bytes, or -EINVAL for another
// method.
int http_request_build(char *buf, size_t size, const char *method,
                       const struct http_url *url, bool keep_alive);
// [/request]

// ---- what comes back ----

// The caller owns the reply and the body in it: http_reply_clear frees the body. An
// error is per request: it is in the reply of the request that failed, nowhere else.
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
