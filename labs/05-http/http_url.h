// http_url: splits "http://host:port/path" into the parts a client needs to
// connect and ask.
#ifndef HTTP_URL_H
#define HTTP_URL_H

#include <stdint.h>

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

#endif
