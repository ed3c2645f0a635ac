// http_request: the bytes of a GET (or HEAD) request, ready to send.
#ifndef HTTP_REQUEST_H
#define HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "http_url.h"

// [request]
// Writes "METHOD path HTTP/1.1", "Host: host[:port]" (the port only when it is not
// 80), "Connection: keep-alive" or "Connection: close", and the blank line, into buf
// (NUL-terminated). method is "GET" or "HEAD". Returns the request's length without
// the NUL, or -ENOSPC when it does not fit in size bytes, or -EINVAL for another
// method.
int http_request_build(char *buf, size_t size, const char *method,
                       const struct http_url *url, bool keep_alive);
// [/request]

#endif
