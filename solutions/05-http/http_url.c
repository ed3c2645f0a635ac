#include "http_url.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

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
    // TODO(lab 05): after "http://" comes the host (up to ':', '/', '?', '#' or the
    // end; not empty, fits in out->host), then optionally ":port" (1..65535; default
    // 80), then the path (up to '#'; "/" if empty; a query like "?a=1" gives "/?a=1").
    // Fail with refuse(why, a message) for each problem; return 0 on success.
    (void)out;
    if (why != NULL)
        *why = "http_url_split is not written yet";
    return -ENOSYS;
    END STUB */
}
// [/url_split]
