// http_test_server, the HTTP side: parses a request head from a connection's input and sets up
// the response its route calls for (the routes are documented in http_test_server.h).
#define _GNU_SOURCE
#include "http_test_server_internal.h"

#include <stdio.h>
#include <sys/socket.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int64_t hts_now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

const unsigned char *hts_pattern(void)
{
    static unsigned char pattern[HTS_PATTERN_SIZE];
    static bool filled;
    if (!filled) {
        for (size_t i = 0; i < sizeof pattern; i++)
            pattern[i] = HTTP_TEST_SERVER_BYTE(i);
        filled = true;
    }
    return pattern;
}

static const char *reason_phrase(int code)
{
    switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 418: return "I'm a teapot";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
    }
}

// Appends to conn->out; the responses built here always fit (HTS_OUT_SIZE is far above them).
static void out_append(struct hts_conn *conn, const char *bytes, size_t n)
{
    if (n > HTS_OUT_SIZE - conn->out_len)
        n = HTS_OUT_SIZE - conn->out_len;
    memcpy(conn->out + conn->out_len, bytes, n);
    conn->out_len += n;
}

// The response head. content_length < 0: no Content-Length (chunked, 204, 304).
static void head_write(struct hts_conn *conn, int code, const char *type, long long content_length,
                       bool chunked)
{
    char head[256];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\n", code, reason_phrase(code));
    if (content_length >= 0)
        n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %lld\r\n", content_length);
    if (type)
        n += snprintf(head + n, sizeof head - (size_t)n, "Content-Type: %s\r\n", type);
    if (chunked)
        n += snprintf(head + n, sizeof head - (size_t)n, "Transfer-Encoding: chunked\r\n");
    if (conn->close_after)
        n += snprintf(head + n, sizeof head - (size_t)n, "Connection: close\r\n");
    n += snprintf(head + n, sizeof head - (size_t)n, "\r\n");
    out_append(conn, head, (size_t)n);
}

// A complete response whose body is `body` (length n).
static void respond_text(struct hts_conn *conn, int code, const char *type, const char *body, size_t n)
{
    head_write(conn, code, type, (long long)n, false);
    if (!conn->head_only)
        out_append(conn, body, n);
}

// A response whose body is n pattern bytes, as sent by hts_response_refill.
static void respond_pattern(struct hts_conn *conn, long long declared, uint64_t n, bool chunked)
{
    head_write(conn, 200, "application/octet-stream", chunked ? -1 : declared, chunked);
    if (conn->head_only)
        return;
    conn->stream_left = n;
    conn->chunked = chunked;
}

bool hts_response_refill(struct hts_conn *conn)
{
    if (conn->stream_done)
        return false;
    if (!conn->chunked) {
        conn->piece_left = conn->stream_left;
        conn->stream_left = 0;
        conn->stream_done = true;
        return conn->piece_left > 0;
    }
    static const uint64_t sizes[] = HTTP_TEST_SERVER_CHUNK_SIZES;
    char frame[48];
    int n = 0;
    if (conn->chunk_open)
        n += snprintf(frame, sizeof frame, "\r\n");
    if (conn->stream_left == 0) {
        n += snprintf(frame + n, sizeof frame - (size_t)n, "0\r\n\r\n");
        conn->stream_done = true;
    } else {
        uint64_t size = sizes[conn->chunk_index++ % (sizeof sizes / sizeof sizes[0])];
        if (size > conn->stream_left)
            size = conn->stream_left;
        n += snprintf(frame + n, sizeof frame - (size_t)n, "%llx\r\n", (unsigned long long)size);
        conn->piece_left = size;
        conn->stream_left -= size;
        conn->chunk_open = true;
    }
    out_append(conn, frame, (size_t)n);
    return true;
}

// Parses "<prefix><digits>" at the whole of path; the value must be in [min, max].
static bool number_route(const char *path, size_t len, const char *prefix, long long min, long long max,
                         long long *value)
{
    size_t plen = strlen(prefix);
    if (len <= plen || len - plen > 13 || memcmp(path, prefix, plen) != 0)
        return false;
    long long v = 0;
    for (size_t i = plen; i < len; i++) {
        if (path[i] < '0' || path[i] > '9')
            return false;
        v = v * 10 + (path[i] - '0');
    }
    if (v < min || v > max)
        return false;
    *value = v;
    return true;
}

static bool path_is(const char *path, size_t len, const char *route)
{
    return strlen(route) == len && memcmp(path, route, len) == 0;
}

// The /get body for target: {"path":"<target>"}\n, '"' and '\' escaped.
static void respond_echo(struct hts_conn *conn, const char *target, size_t len)
{
    char body[2 * HTS_IN_SIZE + 16];
    size_t n = 0;
    memcpy(body, "{\"path\":\"", 9);
    n = 9;
    for (size_t i = 0; i < len; i++) {
        if (target[i] == '"' || target[i] == '\\')
            body[n++] = '\\';
        body[n++] = target[i];
    }
    memcpy(body + n, "\"}\n", 3);
    n += 3;
    if (n > HTS_OUT_SIZE - 256) // the head needs room too; only a freak target is this long
        n = HTS_OUT_SIZE - 256;
    respond_text(conn, 200, "application/json", body, n);
}

// /interim/<ms>: HTTP_TEST_SERVER_INTERIM, then the /get response. With ms == 0 both go out
// in one write; otherwise the interim heads are sent now and the final response ms later.
static void respond_interim(struct hts_conn *conn, const char *target, size_t target_len,
                            long long ms, int64_t now_ns)
{
    static const char interim[] = HTTP_TEST_SERVER_INTERIM;
    if (ms == 0) {
        out_append(conn, interim, sizeof interim - 1);
        respond_echo(conn, target, target_len);
        return;
    }
    // A few dozen bytes on a connection with nothing else in flight: the socket buffer takes
    // them whole. Should it not, the connection ends, which a test reports.
    if (send(conn->fd, interim, sizeof interim - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof interim - 1))
        conn->close_after = true;
    respond_echo(conn, target, target_len);
    conn->phase = HTS_HOLDING;
    conn->deadline_ns = now_ns + ms * 1000000;
}

// Sets up the response for target (the request line's second word).
static void route(struct hts_conn *conn, const char *target, size_t target_len, int64_t now_ns)
{
    const char *query = memchr(target, '?', target_len);
    size_t len = query ? (size_t)(query - target) : target_len;
    long long value;
    conn->phase = HTS_WRITING;
    if (path_is(target, len, "/get")) {
        respond_echo(conn, target, target_len);
    } else if (number_route(target, len, "/delay/", 0, 600000, &value)) {
        char body[64];
        int n = snprintf(body, sizeof body, "{\"delay_ms\":%lld}\n", value);
        respond_text(conn, 200, "application/json", body, (size_t)n);
        conn->phase = HTS_HOLDING;
        conn->deadline_ns = now_ns + value * 1000000;
    } else if (number_route(target, len, "/bytes/", 0, 1000000000000LL, &value)) {
        respond_pattern(conn, value, (uint64_t)value, false);
    } else if (path_is(target, len, "/chunked")) {
        static const char wire[] = HTTP_TEST_SERVER_CHUNKED_WIRE;
        head_write(conn, 200, "text/plain", -1, true);
        if (!conn->head_only)
            out_append(conn, wire, sizeof wire - 1);
    } else if (number_route(target, len, "/chunked/", 0, 1000000000000LL, &value)) {
        respond_pattern(conn, -1, (uint64_t)value, true);
    } else if (number_route(target, len, "/status/", 200, 599, &value)) {
        int code = (int)value;
        head_write(conn, code, NULL, code == 204 || code == 304 ? -1 : 0, false);
    } else if (path_is(target, len, "/never")) {
        conn->phase = HTS_NEVER;
    } else if (path_is(target, len, "/close-mid-body")) {
        conn->close_after = true;
        // Built by hand: the head must not say "Connection: close", the close is the surprise.
        static const char head[] = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n"
                                   "Content-Type: application/octet-stream\r\n\r\n";
        out_append(conn, head, sizeof head - 1);
        conn->stream_left = conn->head_only ? 0 : 500;
    } else if (path_is(target, len, "/stall-mid-body")) {
        conn->stall_after = true;
        static const char head[] = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n"
                                   "Content-Type: application/octet-stream\r\n\r\n";
        out_append(conn, head, sizeof head - 1);
        conn->stream_left = conn->head_only ? 0 : 500;
    } else if (path_is(target, len, "/close-after-response")) {
        respond_echo(conn, target, target_len);
        conn->close_after = true; // set after the head is written: the head must not announce it
    } else if (path_is(target, len, "/garbage")) {
        static const char garbage[] = HTTP_TEST_SERVER_GARBAGE;
        conn->close_after = true;
        out_append(conn, garbage, sizeof garbage - 1);
    } else if (path_is(target, len, "/close-on-next-request") ||
               number_route(target, len, "/close-on-next-request/", 0, 600000, &value)) {
        respond_echo(conn, target, target_len);
        conn->close_on_next_request = true;
        if (len > strlen("/close-on-next-request")) {
            conn->phase = HTS_HOLDING;
            conn->deadline_ns = now_ns + value * 1000000;
        }
    } else if (number_route(target, len, "/interim/", 0, 10000, &value)) {
        respond_interim(conn, target, target_len, value, now_ns);
    } else if (number_route(target, len, "/drip/", 1, 10000, &value)) {
        respond_echo(conn, target, target_len);
        conn->drip_ns = value * 1000000;
    } else {
        static const char body[] = "Not Found\n";
        respond_text(conn, 404, "text/plain", body, sizeof body - 1);
    }
}

// Drops n bytes from the front of the input.
static void in_consume(struct hts_conn *conn, size_t n)
{
    memmove(conn->in, conn->in + n, conn->in_len - n);
    conn->in_len -= n;
}

// Does the comma-separated header value contain token (case-insensitive)?
static bool has_token(const char *value, size_t len, const char *token)
{
    size_t tlen = strlen(token);
    size_t i = 0;
    while (i < len) {
        while (i < len && (value[i] == ' ' || value[i] == '\t' || value[i] == ','))
            i++;
        size_t start = i;
        while (i < len && value[i] != ',' && value[i] != ' ' && value[i] != '\t')
            i++;
        if (i - start == tlen && strncasecmp(value + start, token, tlen) == 0)
            return true;
    }
    return false;
}

static bool is_token_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

// The request head in[0, head_len) (ending in the blank line). Returns false if malformed;
// otherwise sets method/target and the connection's keep-alive and body-skip state.
static bool head_parse(struct hts_conn *conn, size_t head_len, const char **target, size_t *target_len)
{
    const char *p = conn->in;
    const char *end = conn->in + head_len - 2; // the final CRLF
    const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
    // Request line: METHOD SP TARGET SP HTTP/1.x
    const char *sp1 = memchr(p, ' ', (size_t)(eol - p));
    if (!sp1 || sp1 == p)
        return false;
    for (const char *c = p; c < sp1; c++)
        if (!is_token_char(*c))
            return false;
    conn->head_only = (sp1 - p == 4 && memcmp(p, "HEAD", 4) == 0);
    const char *t = sp1 + 1;
    const char *sp2 = memchr(t, ' ', (size_t)(eol - t));
    if (!sp2 || sp2 == t || *t != '/' || eol - sp2 != 9)
        return false;
    for (const char *c = t; c < sp2; c++)
        if (*c <= ' ' || *c >= 127)
            return false;
    bool http10;
    if (memcmp(sp2 + 1, "HTTP/1.1", 8) == 0)
        http10 = false;
    else if (memcmp(sp2 + 1, "HTTP/1.0", 8) == 0)
        http10 = true;
    else
        return false;
    *target = t;
    *target_len = (size_t)(sp2 - t);

    bool close = http10, content_length_seen = false;
    uint64_t content_length = 0;
    for (p = eol + 2; p < end; p = eol + 2) {
        eol = memmem(p, (size_t)(end + 2 - p), "\r\n", 2);
        const char *colon = memchr(p, ':', (size_t)(eol - p));
        if (!colon || colon == p)
            return false;
        for (const char *c = p; c < colon; c++)
            if (!is_token_char(*c))
                return false;
        size_t name_len = (size_t)(colon - p);
        const char *value = colon + 1;
        while (value < eol && (*value == ' ' || *value == '\t'))
            value++;
        size_t value_len = (size_t)(eol - value);
        if (name_len == 10 && strncasecmp(p, "Connection", 10) == 0) {
            if (has_token(value, value_len, "close"))
                close = true;
            else if (has_token(value, value_len, "keep-alive"))
                close = false;
        } else if (name_len == 14 && strncasecmp(p, "Content-Length", 14) == 0) {
            uint64_t v = 0;
            size_t digits = 0;
            while (digits < value_len && value[digits] >= '0' && value[digits] <= '9' && digits < 12)
                v = v * 10 + (uint64_t)(value[digits++] - '0');
            while (digits < value_len && (value[digits] == ' ' || value[digits] == '\t'))
                digits++;
            if (digits == 0 || digits != value_len || (content_length_seen && v != content_length))
                return false;
            content_length = v;
            content_length_seen = true;
        } else if (name_len == 17 && strncasecmp(p, "Transfer-Encoding", 17) == 0) {
            return false; // request bodies in chunks are not supported
        }
    }
    conn->close_after = close;
    conn->skip = content_length;
    return true;
}

enum hts_take hts_request_take(struct hts_conn *conn, int64_t now_ns)
{
    if (conn->skip > 0) {
        size_t n = conn->skip < conn->in_len ? (size_t)conn->skip : conn->in_len;
        in_consume(conn, n);
        conn->skip -= n;
        if (conn->skip > 0)
            return HTS_NEED_MORE;
    }
    const char *blank = memmem(conn->in, conn->in_len, "\r\n\r\n", 4);
    if (!blank && conn->in_len < HTS_IN_SIZE)
        return HTS_NEED_MORE;

    // The response starts from a clean slate.
    conn->out_len = conn->out_sent = 0;
    conn->piece_left = conn->body_offset = conn->stream_left = 0;
    conn->chunked = conn->chunk_open = conn->stream_done = false;
    conn->chunk_index = 0;
    conn->drip_ns = 0;
    conn->stall_after = false;
    conn->head_only = false;

    if (blank && conn->close_on_next_request)
        return HTS_TAKEN_CLOSE;
    const char *target = NULL;
    size_t target_len = 0;
    size_t head_len = blank ? (size_t)(blank - conn->in) + 4 : 0;
    if (!blank || !head_parse(conn, head_len, &target, &target_len)) {
        static const char body[] = "Bad Request\n";
        conn->close_after = true;
        conn->head_only = false;
        conn->skip = 0;
        conn->in_len = 0; // nothing after a malformed request is read
        respond_text(conn, 400, "text/plain", body, sizeof body - 1);
        conn->phase = HTS_WRITING;
        return HTS_TAKEN_BAD;
    }
    // The target is copied out: the input buffer shifts when the head is consumed.
    char copy[HTS_IN_SIZE];
    memcpy(copy, target, target_len);
    in_consume(conn, head_len);
    route(conn, copy, target_len, now_ns);
    return HTS_TAKEN;
}
