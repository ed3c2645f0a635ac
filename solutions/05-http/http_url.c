#include "http_url.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

// [url_split]
const char *http_url_split(const char *url, struct http_url *out)
{
    for (const char *c = url; *c != '\0'; c++)
        if ((unsigned char)*c <= ' ' || *c == 127)
            return "the URL contains a space or a control character";
    if (strncasecmp(url, "https://", 8) == 0)
        return "https:// is not supported (TLS is out of scope): use http://";
    if (strncasecmp(url, "http://", 7) != 0)
        return "the URL does not start with http://";
    /* BEGIN SOLUTION */
    const char *host = url + 7;
    size_t host_len = strcspn(host, ":/?#");
    if (host_len == 0)
        return "the URL has no host";
    if (host_len >= sizeof out->host)
        return "the host is too long";
    if (memchr(host, '@', host_len) != NULL || host[0] == '[')
        return "user names and IPv6 addresses in URLs are not supported";
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
            return "the port is not a number from 1 to 65535";
        out->port = (uint16_t)port;
        rest += digits;
    }

    // The fragment (#...) is for the browser; the server never sees it.
    size_t path_len = strcspn(rest, "#");
    bool needs_slash = path_len == 0 || rest[0] != '/';
    if (path_len + needs_slash >= sizeof out->path)
        return "the path is too long";
    char *path = out->path;
    if (needs_slash)
        *path++ = '/';
    memcpy(path, rest, path_len);
    path[path_len] = '\0';
    return NULL;
    /* BEGIN STUB
    // TODO(lab 05): after "http://" comes the host (up to ':', '/', '?', '#' or the
    // end; not empty, fits in out->host), then optionally ":port" (1..65535; default
    // 80), then the path (up to '#'; "/" if empty; a query like "?a=1" gives "/?a=1").
    // Return a message for each problem, NULL on success.
    (void)out;
    return "http_url_split is not written yet";
    END STUB */
}
// [/url_split]
