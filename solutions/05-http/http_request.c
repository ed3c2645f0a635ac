#include "http_request.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

// ---- the URL ----

// Fails with -EINVAL, and says why in *why when the caller asked.
static int refuse(const char **why, const char *message)
{
    if (why != NULL)
        *why = message;
    return -EINVAL;
}

// [url_split]
int http_url_split(const char *url, struct http_url *out, const char **why)
{
    for (const char *c = url; *c != '\0'; c++)
        if ((unsigned char)*c <= ' ' || *c == 127)
            return refuse(why, "the URL contains a space or a control character");
    if (strncasecmp(url, "https://", 8) == 0)
        return refuse(why, "https:// is not supported (TLS is out of scope): use http://");
    if (strncasecmp(url, "http://", 7) != 0)
        return refuse(why, "the URL does not start with http://");
    /* BEGIN SOLUTION */
    const char *host = url + 7;
    size_t host_len = strcspn(host, ":/?#");
    if (host_len == 0)
        return refuse(why, "the URL has no host");
    if (host_len >= sizeof out->host)
        return refuse(why, "the host is too long");
    if (memchr(host, '@', host_len) != NULL || host[0] == '[')
        return refuse(why, "user names and IPv6 addresses in URLs are not supported");
    memcpy(out->host, host, host_len);
    out->host[host_len] = '\0';

    const char *rest = host + host_len;
    out->port = 80;
    if (*rest == ':') {
        rest++;
        unsigned long port = 0;
        size_t digits = 0;
        while (isdigit((unsigned char)rest[digits]) && digits < 6)
            port = port * 10 + (unsigned long)(rest[digits++] - '0');
        if (digits == 0 || port < 1 || port > 65535 || (rest[digits] != '\0' && strchr("/?#", rest[digits]) == NULL))
            return refuse(why, "the port is not a number from 1 to 65535");
        out->port = (uint16_t)port;
        rest += digits;
    }

    // The fragment (#...) is for the browser; the server never sees it.
    size_t path_len = strcspn(rest, "#");
    bool needs_slash = path_len == 0 || rest[0] != '/';
    if (path_len + needs_slash >= sizeof out->path)
        return refuse(why, "the path is too long");
    char *path = out->path;
    if (needs_slash)
        *path++ = '/';
    memcpy(path, rest, path_len);
    path[path_len] = '\0';
    return 0;
    /* BEGIN STUB
    // TODO(lab 05): split the rest into host, port and path, refusing with its reason
    // anything that does not fit http://host[:port]/path; return 0.
    // Chapter 5, "Errors belong to their request"; hints: #hints-url-split.
    (void)out;
    if (why != NULL)
        *why = "http_url_split is not written yet";
    return -ENOSYS;
    END STUB */
}
// [/url_split]

// ---- the address ----

int http_address_resolve(const char *host, uint16_t port, struct sockaddr_in *addr)
{
    *addr = (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons(port)};
    if (inet_pton(AF_INET, host, &addr->sin_addr) == 1)
        return 0;
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM},
                    *found = NULL;
    if (getaddrinfo(host, NULL, &hints, &found) != 0 || found == NULL)
        return -EHOSTUNREACH;
    addr->sin_addr = ((struct sockaddr_in *)found->ai_addr)->sin_addr;
    freeaddrinfo(found);
    return 0;
}

// ---- the bytes to send ----

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
    // TODO(lab 05): write the request head into buf (request line, Host, Connection,
    // blank line, each ending in CRLF); its length, or -ENOSPC if it does not fit.
    // Chapter 5, "The fetch"; hints: #hints-request-build.
    (void)buf, (void)size, (void)url, (void)keep_alive;
    return -ENOSYS;
    END STUB */
}
// [/request_build]

// ---- what comes back ----

void http_reply_clear(struct http_reply *reply)
{
    free(reply->body);
    *reply = (struct http_reply){0};
}

int http_reply_fail(struct http_reply *reply, int error, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vsnprintf(reply->message, sizeof reply->message, fmt, args);
    va_end(args);
    reply->error = error;
    return -error;
}
