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
    // TODO(lab 05): after "http://" comes the host (up to ':', '/', '?', '#' or the
    // end; not empty, fits in out->host), then optionally ":port" (1..65535; default
    // 80), then the path (up to '#'; "/" if empty; a query like "?a=1" gives "/?a=1").
    // Fail with refuse(why, a message) for each problem; return 0 on success.
    (void)out;
    if (why != NULL)
        *why = "http_url_split is not written yet";
    return -ENOSYS;
}
// [/url_split]
