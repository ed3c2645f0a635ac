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
    /* BEGIN SOLUTION */
    char port[8] = "";
    if (url->port != 80)
        snprintf(port, sizeof port, ":%u", (unsigned)url->port);
    int n = snprintf(buf, size, "%s %s HTTP/1.1\r\nHost: %s%s\r\nConnection: %s\r\n\r\n", method, url->path,
                     url->host, port, keep_alive ? "keep-alive" : "close");
    // snprintf says how long the whole text is, even when it had to cut it.
    if (n < 0 || (size_t)n >= size)
        return -ENOSPC;
    return n;
    /* BEGIN STUB
    // TODO(lab 05): one snprintf of the request line, the Host header (add ":port"
    // when the port is not 80), the Connection header and the blank line, each line
    // ending in "\r\n". snprintf returns the length it wanted: if that is >= size,
    // return -ENOSPC.
    (void)buf, (void)size, (void)url, (void)keep_alive;
    return -ENOSYS;
    END STUB */
}
// [/request_build]
