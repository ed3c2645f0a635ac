// How a response ends: at close, by length, with no body at all; and what comes after it.
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http_response.h"
#include "labtest.h"

LAB_SUITE(http_framing, 30);

// Pushes all of text in one slice; returns the result and sets *used.
static enum http_response_result push(struct http_response_parser *p, const char *text, size_t *used)
{
    *used = 0;
    return http_response_parse(p, text, strlen(text), used);
}

Test(http_framing, a_body_without_length_ends_when_the_connection_closes)
{
    const char *parts[] = {"HTTP/1.1 200 OK\r\nServer: t\r\n\r\nfirst part, ", "second part, ", "and the end"};
    struct http_response_parser p;
    http_response_parser_init(&p, false);
    for (size_t i = 0; i < 3; i++) {
        size_t used;
        enum http_response_result r = push(&p, parts[i], &used);
        cr_assert(r == HTTP_RESPONSE_MORE && used == strlen(parts[i]),
                  "read %zu of a response with neither Content-Length nor chunked: the parser returned %s (%s) "
                  "using %zu of %zu bytes; only the peer's close can end this body (MORE, every byte used)", i + 1,
                  http_response_result_name(r), p.error, used, strlen(parts[i]));
    }
    enum http_response_result r = http_response_finish(&p);
    cr_assert(r == HTTP_RESPONSE_COMPLETE, "http_response_finish on a body that runs until close returned %s (%s); "
              "expected COMPLETE", http_response_result_name(r), p.error);
    const char *want = "first part, second part, and the end";
    cr_assert(p.response.body_len == strlen(want) && memcmp(p.response.body, want, strlen(want)) == 0,
              "the body is \"%.*s\"; expected \"%s\"", (int)p.response.body_len, p.response.body ? p.response.body : "",
              want);
    cr_assert(!p.response.keep_alive, "keep_alive is true, but a body that ends at close ends the connection too");
    http_response_parser_free(&p);
}

Test(http_framing, a_closed_connection_before_the_end_is_a_truncated_response)
{
    const char *full[] = {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"};
    for (size_t f = 0; f < 2; f++) {
        // Every proper prefix, then the peer closes.
        for (size_t n = 0; n < strlen(full[f]); n++) {
            struct http_response_parser p;
            http_response_parser_init(&p, false);
            size_t used = 0;
            enum http_response_result r = http_response_parse(&p, full[f], n, &used);
            cr_assert(r == HTTP_RESPONSE_MORE, "the first %zu bytes of \"%s\": the parser returned %s (%s); "
                      "expected MORE", n, full[f], http_response_result_name(r), p.error);
            r = http_response_finish(&p);
            cr_assert(r == HTTP_RESPONSE_TRUNCATED && strstr(p.error, "at byte ") != NULL,
                      "the peer closed after %zu bytes of \"%s\": http_response_finish returned %s (\"%s\"); "
                      "expected TRUNCATED with a message", n, full[f], http_response_result_name(r), p.error);
            cr_assert(http_response_parse(&p, "x", 1, &used) == HTTP_RESPONSE_TRUNCATED && used == 0,
                      "after an error the parser must keep reporting it and use no more bytes");
            http_response_parser_free(&p);
        }
    }
}

Test(http_framing, head_1xx_204_and_304_responses_have_no_body)
{
    // Each is followed by the start of another response: none of it may be taken as a body.
    struct {
        const char *text;
        bool head;
    } cases[] = {
        {"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", true},
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", true},
        {"HTTP/1.1 100 Continue\r\n\r\n", false},
        {"HTTP/1.1 204 No Content\r\n\r\n", false},
        {"HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", false},
        {"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", false},
        {"HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", false},
    };
    const char *next = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[256];
        strcpy(text, cases[i].text);
        strcat(text, next);
        struct http_response_parser p;
        http_response_parser_init(&p, cases[i].head);
        size_t used;
        enum http_response_result r = push(&p, text, &used);
        cr_assert(r == HTTP_RESPONSE_COMPLETE && used == strlen(cases[i].text) && p.response.body_len == 0,
                  "\"%s\"%s followed by another response: the parser returned %s (%s), used %zu bytes and read %zu "
                  "body bytes; expected COMPLETE after the head (%zu bytes), no body", cases[i].text,
                  cases[i].head ? " (a reply to HEAD)" : "", http_response_result_name(r), p.error, used,
                  p.response.body_len, strlen(cases[i].text));
        http_response_parser_free(&p);
    }
}

// Four responses back to back, as a server answering pipelined requests sends them.
static const char *const pipeline[] = {
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
    "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n6;x=y\r\nsecond\r\n0\r\nT: 1\r\n\r\n",
    "HTTP/1.1 204 No Content\r\n\r\n",
    "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 6\r\n\r\nfourth",
};
static const int pipeline_status[] = {200, 201, 204, 404};
static const char *const pipeline_body[] = {"first", "second", "", "fourth"};

Test(http_framing, pipelined_responses_leave_the_next_one_unconsumed)
{
    char all[512] = "";
    for (size_t i = 0; i < 4; i++)
        strcat(all, pipeline[i]);
    size_t len = strlen(all);
    // Read in slices of every size from 1 byte to the whole stream.
    for (size_t slice = 1; slice <= len; slice++) {
        struct http_response_parser p;
        http_response_parser_init(&p, false);
        size_t pos = 0, done = 0, end = strlen(pipeline[0]);
        while (pos < len) {
            size_t n = len - pos < slice ? len - pos : slice, used = 0;
            const char *chunk = all + pos;
            while (n > 0) {
                enum http_response_result r = http_response_parse(&p, chunk, n, &used);
                pos += used, chunk += used, n -= used;
                if (r == HTTP_RESPONSE_MORE) {
                    cr_assert(n == 0, "slices of %zu bytes: MORE with %zu bytes unused", slice, n);
                    break;
                }
                cr_assert(r == HTTP_RESPONSE_COMPLETE, "slices of %zu bytes: response %zu returned %s (%s)", slice,
                          done + 1, http_response_result_name(r), p.error);
                cr_assert(pos == end, "slices of %zu bytes: response %zu ended at byte %zu of the stream; it ends at "
                          "byte %zu (*consumed must stop at the response's last byte)", slice, done + 1, pos, end);
                const struct http_response *resp = &p.response;
                const char *body = pipeline_body[done];
                cr_assert(resp->status == pipeline_status[done] && resp->body_len == strlen(body) &&
                          (resp->body_len == 0 || memcmp(resp->body, body, resp->body_len) == 0),
                          "slices of %zu bytes: response %zu has status %d and a %zu-byte body; expected %d \"%s\"",
                          slice, done + 1, resp->status, resp->body_len, pipeline_status[done], body);
                cr_assert(resp->keep_alive == (done != 3), "slices of %zu bytes: response %zu has keep_alive %d",
                          slice, done + 1, resp->keep_alive);
                done++;
                if (done < 4)
                    end += strlen(pipeline[done]);
                http_response_parser_reset(&p, false);
            }
        }
        cr_assert(done == 4, "slices of %zu bytes: %zu responses parsed out of 4", slice, done);
        http_response_parser_free(&p);
    }
}

Test(http_framing, a_reset_parser_reads_the_next_response)
{
    struct http_response_parser p;
    http_response_parser_init(&p, false);
    size_t used;
    enum http_response_result r = push(&p, "HTTP/1.1 200 OK\r\nX-First: 1\r\nContent-Length: 3\r\n\r\nabc", &used);
    cr_assert(r == HTTP_RESPONSE_COMPLETE, "a first response returned %s (%s)", http_response_result_name(r),
              p.error);
    size_t len = 0;
    char *body = http_response_take_body(&p, &len);
    cr_assert(body != NULL && len == 3 && memcmp(body, "abc", 3) == 0, "http_response_take_body gave %zu bytes",
              len);
    free(body);
    r = push(&p, "HTTP/1.1 200 OK\r\n", &used);
    cr_assert(r == HTTP_RESPONSE_COMPLETE && used == 0,
              "before a reset, a complete parser must use no more bytes (got %s, %zu used)",
              http_response_result_name(r), used);
    http_response_parser_reset(&p, true);
    r = push(&p, "HTTP/1.0 404 Nope\r\nContent-Length: 7\r\n\r\n", &used);
    cr_assert(r == HTTP_RESPONSE_COMPLETE, "after a reset for a HEAD reply, a 404 head returned %s (%s)",
              http_response_result_name(r), p.error);
    cr_assert(p.response.status == 404 && p.response.version_minor == 0 && p.response.body_len == 0 &&
              http_response_header(&p.response, "X-First") == NULL && p.response.header_count == 1,
              "after a reset the second response must not keep anything of the first (status %d, %zu headers, "
              "%zu body bytes)", p.response.status, p.response.header_count, p.response.body_len);
    http_response_parser_free(&p);
}
