#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request_corpus.h"
#include "request_parser.h"

#define OK REQUEST_COMPLETE
#define BAD (-EBADMSG)
// A literal that may hold a NUL, with its length.
#define LIT(s) s, sizeof(s) - 1
#define H11 " HTTP/1.1\r\nHost: 127.0.0.1\r\n"

static struct request_corpus_entry entries[] = {
    // ---- well-formed ----
    {"hello", "GET /" H11 "\r\n", 0, OK, true},
    {"a target with a query", "GET /work?n=10&d=100" H11 "\r\n", 0, OK, true},
    {"http-1.0 closes by default", "GET / HTTP/1.0\r\n\r\n", 0, OK, true},
    {"http-1.0 with keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 0, OK, true},
    {"http-1.1 with connection close", "GET /" H11 "Connection: close\r\n\r\n", 0, OK, true},
    {"connection token list", "GET /" H11 "Connection: Upgrade-Insecure, CLOSE\r\n\r\n", 0, OK, true},
    {"header names in any case", "GET /" H11 "cOnNeCtIoN: close\r\n\r\n", 0, OK, true},
    {"post with a body", "POST /form" H11 "Content-Length: 11\r\n\r\nhello=world", 0, OK, true},
    {"content-length zero", "POST /" H11 "Content-Length: 0\r\n\r\n", 0, OK, true},
    {"spaces around values", "PUT /x" H11 "Content-Length:   3  \r\nX-Empty:\r\n\r\nabc", 0, OK, true},
    {"a binary body", LIT("POST /" H11 "Content-Length: 5\r\n\r\na\0\r\n\xff"), OK, true},
    {"bare LF line ends", "GET / HTTP/1.1\nHost: x\n\n", 0, OK, true},
    {"blank lines before the request", "\r\n\r\nGET /" H11 "\r\n", 0, OK, true},
    {"head", "HEAD /sleep" H11 "\r\n", 0, OK, true},
    {"delete", "DELETE /thing/1" H11 "\r\n", 0, OK, true},
    {"options with an asterisk", "OPTIONS *" H11 "\r\n", 0, OK, true},
    {"absolute target", "GET http://127.0.0.1:8080/work" H11 "\r\n", 0, OK, true},
    {"curl's request", "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/7.88.1\r\n"
     "Accept: */*\r\n\r\n", 0, OK, true},
    {"python's request", "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept-Encoding: identity\r\n\r\n",
     0, OK, true},
    {"a body followed by the next request", "POST /" H11 "Content-Length: 2\r\n\r\nokGET /" H11 "\r\n",
     0, OK, true},
    {"three pipelined requests", "GET /" H11 "\r\nGET /sleep" H11 "\r\nGET /work" H11 "\r\n", 0, OK, true},
    {"many headers", NULL, 0, OK, true},      // built below: just under 8 KiB
    // ---- malformed: 400 ----
    {"garbage", "garbage\r\n\r\n", 0, BAD, true},
    {"not http at all", "SSH-2.0-OpenSSH_9.2\r\n", 0, BAD, true},
        {"lower-case version", "GET / http/1.1\r\n\r\n", 0, BAD, true},
    {"no target", "GET  HTTP/1.1\r\n\r\n", 0, BAD, true},
    {"a space in the target", "GET /a b HTTP/1.1\r\n\r\n", 0, BAD, true},
    {"a CR inside the request line", "GET /a\rb HTTP/1.1\r\n\r\n", 0, BAD, true},
    {"a header without a colon", "GET /" H11 "Host 127.0.0.1\r\n\r\n", 0, BAD, true},
    {"a header name with a slash", "GET /" H11 "X/Y: 1\r\n\r\n", 0, BAD, true},
    {"a control character in a value", "GET /" H11 "X-A: a\x01" "b\r\n\r\n", 0, BAD, true},
    {"a NUL byte in a header", LIT("GET /" H11 "X-A: a\0b\r\n\r\n"), BAD, true},
    {"content-length not a number", "POST /" H11 "Content-Length: 1x\r\n\r\nab", 0, BAD, true},
    {"negative content-length", "POST /" H11 "Content-Length: -1\r\n\r\n", 0, BAD, true},
    {"empty content-length", "POST /" H11 "Content-Length:\r\n\r\n", 0, BAD, true},
    {"two content-lengths", "POST /" H11 "Content-Length: 2\r\nContent-Length: 2\r\n\r\nab", 0, BAD, true},
    {"a request cut short", "GET /" H11, 0, REQUEST_MORE, true},
    {"a body cut short", "POST /" H11 "Content-Length: 10\r\n\r\nabc", 0, REQUEST_MORE, true},
    // ---- the server's own limits and choices ----
    {"a method not implemented", "BREW /pot" H11 "\r\n", 0, -EOPNOTSUPP, false},
    {"patch is not implemented", "PATCH /x" H11 "Content-Length: 0\r\n\r\n", 0, -EOPNOTSUPP, false},
    {"a chunked body", "POST /" H11 "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", 0,
     -EOPNOTSUPP, false},
    {"gzip transfer-coding", "POST /" H11 "Transfer-Encoding: gzip\r\n\r\n", 0, -EOPNOTSUPP, false},
    {"http-2.0", "GET / HTTP/2.0\r\n\r\n", 0, BAD, false},
    // RFC 9112 section 5.1: a server MUST answer 400 to a space between a header's name
    // and its colon (libhttp-parser lets it through).
    {"a space before the colon", "GET /" H11 "Content-Length : 3\r\n\r\nabc", 0, BAD, false},
    // RFC 9112 section 3.2: a server MUST answer 400 to an HTTP/1.1 request without a
    // Host header, and to any request with more than one (libhttp-parser checks neither).
    {"http-1.1 without host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 0, BAD, false},
    {"two host headers", "GET /" H11 "Host: 127.0.0.2\r\n\r\n", 0, BAD, false},
    {"http-1.0 with two host headers", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 0,
     BAD, false},
    // HTTP/0.9's request line, which libhttp-parser still accepts: RFC 9112 has no
    // such request any more.
    {"no version (http-0.9)", "GET /\r\n\r\n", 0, BAD, false},
    {"a request line over 8 KiB", NULL, 0, -EMSGSIZE, false},   // built below
    {"headers over 8 KiB", NULL, 0, -EMSGSIZE, false},          // built below
    {"a body over the limit", "POST /" H11 "Content-Length: 65537\r\n\r\n", 0, -EFBIG, false},
    {"a content-length that overflows", "POST /" H11 "Content-Length: 99999999999999999999\r\n\r\n",
     0, -EFBIG, false},
};

// A request whose head is total bytes long (its headers pad it), ending the head.
static char *padded_request(const char *first_line, size_t total)
{
    char *s = malloc(total + 1);
    if (s == NULL)
        abort();
    size_t n = (size_t)snprintf(s, total + 1, "%s", first_line);
    int i = 0;
    while (n + 40 < total)
        n += (size_t)snprintf(s + n, total + 1 - n, "X-Pad-%04d: %*s\r\n", i++, 20, "y");
    // The last header takes what is left, then the blank line.
    size_t left = total - n - 2;
    memcpy(s + n, "X-L:", 4);
    memset(s + n + 4, 'z', left - 6);
    memcpy(s + n + left - 2, "\r\n\r\n", 4);
    s[total] = '\0';
    return s;
}

static void build(void)
{
    static int built;
    if (built++)
        return;
    for (size_t i = 0; i < sizeof entries / sizeof *entries; i++) {
        struct request_corpus_entry *e = &entries[i];
        if (strcmp(e->name, "many headers") == 0)
            e->text = padded_request("GET /" H11, REQUEST_MAX_HEAD);
        else if (strcmp(e->name, "headers over 8 KiB") == 0)
            e->text = padded_request("GET /" H11, REQUEST_MAX_HEAD + 1);
        else if (strcmp(e->name, "a request line over 8 KiB") == 0) {
            char *s = malloc(REQUEST_MAX_HEAD + 64);
            if (s == NULL)
                abort();
            memcpy(s, "GET /", 5);
            memset(s + 5, 'a', REQUEST_MAX_HEAD);
            strcpy(s + 5 + REQUEST_MAX_HEAD, " HTTP/1.1\r\n\r\n");
            e->text = s;
        }
        if (e->len == 0)
            e->len = strlen(e->text);
    }
}

size_t request_corpus_size(void)
{
    build();
    return sizeof entries / sizeof *entries;
}

const struct request_corpus_entry *request_corpus_entry(size_t i)
{
    build();
    return &entries[i];
}
