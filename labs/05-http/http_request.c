#include "http_request.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

// [request_build]
int http_request_build(char *buf, size_t size, const char *method,
                       const struct http_url *url, bool keep_alive)
{
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return -EINVAL;
    // TODO(lab 05): one snprintf of the request line, the Host header (add ":port"
    // when the port is not 80), the Connection header and the blank line, each line
    // ending in "\r\n". snprintf returns the length it wanted: if that is >= size,
    // return -ENOSPC.
    (void)buf, (void)size, (void)url, (void)keep_alive;
    return -ENOSYS;
}
// [/request_build]
