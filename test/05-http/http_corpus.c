#include <stdlib.h>
#include <string.h>

#include "http_corpus.h"

#define OK HTTP_RESPONSE_COMPLETE
#define CT "Content-Type: text/plain\r\n"
#define CHUNKED "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"

// len 0: strlen(text). Entries with a NUL in them give their length.
static struct corpus_entry entries[] = {
    // ---- well-formed ----
    {"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n" CT "\r\nhello", 0, false, OK},
    {"http-1.0 closes by default", "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc", 0, false, OK},
    {"http-1.0 with keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nabc", 0,
     false, OK},
    {"http-1.1 with connection close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi", 0,
     false, OK},
    {"connection token list", "HTTP/1.1 200 OK\r\nConnection: foo, Close\r\nContent-Length: 2\r\n\r\nhi", 0, false,
     OK},
    {"no reason phrase", "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", 0, false, OK},
    {"empty reason phrase", "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", 0, false, OK},
    {"long reason phrase", "HTTP/1.1 500 Internal Server Error, Really\r\nContent-Length: 4\r\n\r\noops", 0, false,
     OK},
    {"content-length zero", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0, false, OK},
    {"header names in any case", "HTTP/1.1 200 OK\r\ncOnTeNt-LeNgTh: 3\r\nCONNECTION: CLOSE\r\n\r\nabc", 0, false,
     OK},
    {"spaces around values", "HTTP/1.1 200 OK\r\nContent-Length:   4  \r\nX-Empty:\r\n\r\nbody", 0, false, OK},
    {"binary body", "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\na\0b\r\n\xff", 44, false, OK},
    {"bare LF line ends", "HTTP/1.1 200 OK\nContent-Length: 2\nServer: x\n\nok", 0, false, OK},
    {"blank line before the status line", "\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n!", 0, false, OK},
    {"chunked", CHUNKED "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 0, false, OK},
    {"chunked with extensions", CHUNKED "5;name=value\r\nhello\r\n6;a;b=\"c d\"\r\n world\r\n0;last\r\n\r\n", 0,
     false, OK},
    {"chunked with trailers", CHUNKED "3\r\nabc\r\n0\r\nExpires: never\r\nX-Sum: 6\r\n\r\n", 0, false, OK},
    {"chunk sizes in upper-case hex with zeros", CHUNKED "00A\r\n0123456789\r\n0000\r\n\r\n", 0, false, OK},
    {"chunked named in any case", "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", 0,
     false, OK},
    {"gzip then chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n\x1f\x8b\r\n0\r\n\r\n",
     0, false, OK},
    {"chunked over http-1.0 closes", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n", 0,
     false, OK},
    {"body until close", "HTTP/1.1 200 OK\r\n" CT "\r\nall of this, until the peer closes", 0, false, OK},
    {"http-1.0 body until close", "HTTP/1.0 200 OK\r\n\r\nold style", 0, false, OK},
    {"other transfer-coding runs until close", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz", 0, false,
     OK},
    {"empty body until close", "HTTP/1.1 200 OK\r\n\r\n", 0, false, OK},
    {"204 no content", "HTTP/1.1 204 No Content\r\nServer: x\r\n\r\n", 0, false, OK},
    {"304 not modified", "HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\n\r\n", 0, false, OK},
    {"100 continue", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0, false, OK},
    {"reply to HEAD with a length", "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", 0, true, OK},
    {"reply to HEAD with chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 0, true, OK},
    {"any byte in the reason phrase", "HTTP/1.1 200 O\x01K\r\nContent-Length: 0\r\n\r\n", 0, false, OK},
    {"two pipelined responses", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAHTTP/1.1 200 OK\r\n"
     "Content-Length: 1\r\n\r\nB", 0, false, OK},
    {"many headers", NULL, 0, false, OK},        // built below: 40 KiB of headers
    // ---- malformed ----
    {"garbage", "garbage\r\n\r\n", 0, false, HTTP_RESPONSE_BAD_STATUS_LINE},
    {"not http at all", "SSH-2.0-OpenSSH_9.2\r\n", 0, false, HTTP_RESPONSE_BAD_STATUS_LINE},
    {"bad version", "HTTP/x.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0, false, HTTP_RESPONSE_BAD_STATUS_LINE},
    {"letters in the status code", "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", 0, false,
     HTTP_RESPONSE_BAD_STATUS_LINE},
    {"four-digit status code", "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n", 0, false,
     HTTP_RESPONSE_BAD_STATUS_LINE},
    {"header without a colon", "HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 0\r\n\r\n", 0, false,
     HTTP_RESPONSE_BAD_HEADER},
    {"control character in a header value", "HTTP/1.1 200 OK\r\nX-A: a\x01z\r\nContent-Length: 0\r\n\r\n", 0,
     false, HTTP_RESPONSE_BAD_HEADER},
    {"bare CR in a header value", "HTTP/1.1 200 OK\r\nX-A: 1\rContent-Length: 5\r\n\r\nhello", 0, false,
     HTTP_RESPONSE_BAD_HEADER},
    {"letters in content-length", "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n", 0, false,
     HTTP_RESPONSE_BAD_LENGTH},
    {"negative content-length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 0, false,
     HTTP_RESPONSE_BAD_LENGTH},
    {"overflowing content-length", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n", 0, false,
     HTTP_RESPONSE_BAD_LENGTH},
    {"two different content-lengths", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 0,
     false, HTTP_RESPONSE_BAD_LENGTH},
    {"content-length beside chunked", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
     "3\r\nabc\r\n0\r\n\r\n", 0, false, HTTP_RESPONSE_BAD_LENGTH},
    {"content-length beside another transfer-coding", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
     "Transfer-Encoding: gzip\r\n\r\nabc", 0, false, HTTP_RESPONSE_BAD_LENGTH},
    {"negative chunk size", CHUNKED "-5\r\nhello\r\n0\r\n\r\n", 0, false, HTTP_RESPONSE_BAD_CHUNK},
    {"overflowing chunk size", CHUNKED "fffffffffffffffff1\r\nx\r\n0\r\n\r\n", 0, false, HTTP_RESPONSE_BAD_CHUNK},
    {"garbage chunk size", CHUNKED "zz\r\nhello\r\n0\r\n\r\n", 0, false, HTTP_RESPONSE_BAD_CHUNK},
    {"empty chunk size line", CHUNKED "\r\nhello\r\n0\r\n\r\n", 0, false, HTTP_RESPONSE_BAD_CHUNK},
    {"header too big", NULL, 0, false, HTTP_RESPONSE_HEAD_TOO_BIG}, // built below: a 100 KiB header
    {"bare LF after a chunk-size line", CHUNKED "3\nabc\r\n0\r\n\r\n", 0, false, HTTP_RESPONSE_BAD_CHUNK},
    {"bare LF after chunk data", CHUNKED "3\r\nabc\n0\r\n\r\n", 0, false, HTTP_RESPONSE_BAD_CHUNK},
    {"chunk shorter than its size", CHUNKED "5\r\nhelo\r\n6\r\n world\r\n0\r\n\r\n", 0, false,
     HTTP_RESPONSE_BAD_CHUNK},
    {"truncated head", "HTTP/1.1 200 OK\r\nContent-Le", 0, false, HTTP_RESPONSE_TRUNCATED},
    {"truncated body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", 0, false, HTTP_RESPONSE_TRUNCATED},
    {"truncated chunk", CHUNKED "a\r\nhello", 0, false, HTTP_RESPONSE_TRUNCATED},
    {"chunked body without its last chunk", CHUNKED "5\r\nhello\r\n", 0, false, HTTP_RESPONSE_TRUNCATED},
    {"chunked body without its final blank line", CHUNKED "5\r\nhello\r\n0\r\n", 0, false,
     HTTP_RESPONSE_TRUNCATED},
};

// "HTTP/1.1 200 OK", then `header_bytes` of X-Filler headers, then a body of 2 bytes.
static char *build_big_head(size_t header_bytes, size_t line_len, size_t *len)
{
    const char *start = "HTTP/1.1 200 OK\r\n", *end = "Content-Length: 2\r\n\r\nok";
    size_t lines = header_bytes / line_len + 1;
    char *text = malloc(strlen(start) + lines * line_len + strlen(end) + 1);
    if (text == NULL)
        return NULL;
    size_t n = strlen(start);
    memcpy(text, start, n);
    for (size_t i = 0; i < lines; i++) {
        memcpy(text + n, "X-Filler: ", 10);
        memset(text + n + 10, 'a' + (char)(i % 26), line_len - 12);
        memcpy(text + n + line_len - 2, "\r\n", 2);
        n += line_len;
    }
    strcpy(text + n, end);
    *len = n + strlen(end);
    return text;
}

size_t corpus_size(void)
{
    return sizeof entries / sizeof entries[0];
}

const struct corpus_entry *corpus_entry(size_t i)
{
    struct corpus_entry *e = &entries[i];
    if (e->text == NULL && strcmp(e->name, "many headers") == 0)
        e->text = build_big_head(40 * 1024, 100, &e->len);
    else if (e->text == NULL && strcmp(e->name, "header too big") == 0)
        e->text = build_big_head(100 * 1024, 100 * 1024, &e->len);
    else if (e->len == 0 && e->text != NULL)
        e->len = strlen(e->text);
    return e;
}

static const struct corpus_difference differences[] = {
    {"a space inside a header name", "HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 0\r\n\r\n",
     HTTP_RESPONSE_BAD_HEADER, "a header name is a token: no spaces (RFC 9110 section 5.1); libhttp-parser 2.9 "
                               "lets this one through"},
    {"a space before the colon", "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n", HTTP_RESPONSE_BAD_HEADER,
     "no whitespace is allowed between a header name and its colon (RFC 9112 section 5.1)"},
    {"obsolete line folding", "HTTP/1.1 200 OK\r\nX-Long: one\r\n two\r\nContent-Length: 0\r\n\r\n",
     HTTP_RESPONSE_BAD_HEADER, "a header continued on a line starting with a space (obs-fold) is obsolete "
                               "(RFC 9112 section 5.2); rejecting it keeps the parser small"},
    {"no CRLF after a chunk's data", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY0\r\n\r\n",
     HTTP_RESPONSE_BAD_CHUNK, "other bytes where the CRLF should be mean the chunk size was wrong; "
                              "libhttp-parser (built non-strict) skips any two bytes there"},
    {"a bare CR in the status line", "HTTP/1.1 200 OK\rConnection: close\r\nContent-Length: 0\r\n\r\n",
     HTTP_RESPONSE_BAD_STATUS_LINE, "a CR must be followed by LF (RFC 9112 section 2.2); libhttp-parser (built "
                                    "non-strict) ends the line there and takes the next byte for its LF"},
    {"a tab after a value", "HTTP/1.1 200 OK\r\nContent-Length: 0\t\r\n\r\n", OK,
     "spaces and tabs around a value are not part of it (RFC 9112 section 5); libhttp-parser rejects a tab after a "
     "Content-Length"},
    {"100 with a Content-Length", "HTTP/1.1 100 Continue\r\nContent-Length: 2\r\n\r\nok", OK,
     "a 1xx response never has a body (RFC 9112 section 6.3): the bytes after its head belong to the next "
     "response; libhttp-parser reads them as a body"},
    {"204 with a Content-Length", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", OK,
     "a 204 never has a body, whatever its headers say (RFC 9112 section 6.3); libhttp-parser waits for 5 "
     "body bytes"},
    {"304 with a Content-Length", "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n", OK,
     "a 304 carries the length of the resource it did not send (RFC 9110 section 15.4.5), never a body; "
     "libhttp-parser waits for 100 body bytes"},
};

size_t corpus_difference_count(void)
{
    return sizeof differences / sizeof differences[0];
}

const struct corpus_difference *corpus_difference(size_t i)
{
    return &differences[i];
}
