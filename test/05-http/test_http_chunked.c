// Chunked bodies: sizes in hex, extensions ignored, trailers kept, and every malformed size
// reported at its line.
//
// Parsers and buffers here are static: a failed assertion ends the test at once, and memory
// a static still points to is not a leak to the sanitizer build (a leak report would turn
// the failure into a crash).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_response.h"
#include "labtest.h"
#include "parsetest.h"

LAB_SUITE(http_chunked, 30);

#define CHUNKED_HEAD "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"

static enum http_response_result parse_all(struct http_response_parser *p, const char *text, size_t len,
                                           size_t slice)
{
    enum http_response_result r = HTTP_RESPONSE_MORE;
    for (size_t pos = 0; pos < len && r == HTTP_RESPONSE_MORE;) {
        size_t n = len - pos < slice ? len - pos : slice, used = 0;
        r = http_response_parse(p, text + pos, n, &used);
        pos += used;
    }
    return r == HTTP_RESPONSE_MORE ? http_response_finish(p) : r;
}

Test(http_chunked, decodes_chunks_with_extensions_and_trailers)
{
    const char *text = CHUNKED_HEAD "4;lang=en\r\nWiki\r\n5 ; a=\"b;c\"\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n"
                                    "0;end\r\nExpires: tomorrow\r\nX-Digest:  abc \r\n\r\n";
    const char *want = "Wikipedia in\r\n\r\nchunks.";
    for (size_t slice = 1; slice <= strlen(text); slice++) {
        static struct http_response_parser p;
        http_response_parser_init(&p, false);
        enum http_response_result r = parse_all(&p, text, strlen(text), slice);
        cr_assert(r == HTTP_RESPONSE_COMPLETE, "a chunked body with extensions and trailers, in slices of %zu "
                  "bytes: the parser returned %s (%s)", slice, http_response_result_name(r), p.error);
        cr_assert(p.response.body_len == strlen(want) && memcmp(p.response.body, want, strlen(want)) == 0,
                  "slices of %zu bytes: the body is \"%.*s\"; expected \"%s\" (the chunks joined, no sizes, no "
                  "extensions)", slice, (int)p.response.body_len, p.response.body ? p.response.body : "", want);
        const char *expires = http_response_header(&p.response, "expires");
        const char *digest = http_response_header(&p.response, "x-digest");
        cr_assert(expires && digest && strcmp(expires, "tomorrow") == 0 && strcmp(digest, "abc") == 0,
                  "slices of %zu bytes: the trailers Expires and X-Digest should be among the headers", slice);
        cr_assert(p.response.keep_alive, "a chunked HTTP/1.1 body has a known end: keep_alive should be true");
        http_response_parser_free(&p);
    }
}

Test(http_chunked, decodes_a_body_of_many_small_chunks)
{
    // 40000 chunks of one byte: their size lines (120 KB) are more than the head's limit, but
    // each line alone is tiny, and only a single line or the head may not exceed it.
    size_t chunks = 40000, len = strlen(CHUNKED_HEAD);
    static char *text;
    text = malloc(len + chunks * 6 + 8);
    cr_assert(text != NULL);
    memcpy(text, CHUNKED_HEAD, len);
    for (size_t i = 0; i < chunks; i++) {
        memcpy(text + len, "1\r\nz\r\n", 6);
        len += 6;
    }
    memcpy(text + len, "0\r\n\r\n", 5);
    len += 5;
    static struct http_response_parser p;
    http_response_parser_init(&p, false);
    enum http_response_result r = parse_all(&p, text, len, 4096);
    cr_assert(r == HTTP_RESPONSE_COMPLETE && p.response.body_len == chunks,
              "a body of %zu one-byte chunks: the parser returned %s (%s) with %zu body bytes; the limit applies "
              "to each size line (and to the head, and to the trailers), not to all of them together", chunks,
              http_response_result_name(r), p.error, p.response.body_len);
    http_response_parser_free(&p);
    free(text);
}

Test(http_chunked, rejects_negative_overflowing_and_garbage_chunk_sizes)
{
    // The bad size line starts right after CHUNKED_HEAD and one good chunk.
    const char *bad[] = {"-5", "zz", "", "0x10", "1 2", "fffffffffffffffff", "8000000000000000", " 5"};
    const char *good = "3\r\nabc\r\n";
    size_t line_at = strlen(CHUNKED_HEAD) + strlen(good);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "%s%s%s\r\nhello\r\n0\r\n\r\n", CHUNKED_HEAD, good, bad[i]);
        static struct http_response_parser p;
        http_response_parser_init(&p, false);
        enum http_response_result r = parse_all(&p, text, strlen(text), strlen(text));
        cr_assert(r == HTTP_RESPONSE_BAD_CHUNK, "the chunk size \"%s\": the parser returned %s (%s); expected "
                  "BAD_CHUNK", bad[i], http_response_result_name(r), p.error);
        long long byte = parsetest_error_byte(p.error);
        cr_assert(byte >= (long long)line_at && byte <= (long long)(line_at + strlen(bad[i]) + 2),
                  "the chunk size \"%s\": the message \"%s\" should name a byte of the size line (bytes %zu to %zu)",
                  bad[i], p.error, line_at, line_at + strlen(bad[i]) + 1);
        http_response_parser_free(&p);
    }
    // The largest size that fits is a size, not an error (the body is then truncated).
    char text[256];
    snprintf(text, sizeof text, "%s7fffffffffffffff\r\nab", CHUNKED_HEAD);
    static struct http_response_parser p;
    http_response_parser_init(&p, false);
    enum http_response_result r = parse_all(&p, text, strlen(text), strlen(text));
    cr_assert(r == HTTP_RESPONSE_TRUNCATED && p.response.body_len == 2,
              "the chunk size 7fffffffffffffff (2^63 - 1) fits: the parser should read the data and report "
              "TRUNCATED at close, not %s (%s)", http_response_result_name(r), p.error);
    http_response_parser_free(&p);
}

Test(http_chunked, requires_a_crlf_after_each_chunk)
{
    // Data longer than its size: "abcXY" for a size of 3. The X is byte head + 6.
    const char *text = CHUNKED_HEAD "3\r\nabcXY\r\n0\r\n\r\n";
    size_t x_at = strlen(CHUNKED_HEAD) + 6;
    for (size_t slice = 1; slice <= strlen(text); slice++) {
        static struct http_response_parser p;
        http_response_parser_init(&p, false);
        enum http_response_result r = parse_all(&p, text, strlen(text), slice);
        char where[32];
        snprintf(where, sizeof where, "at byte %zu", x_at);
        cr_assert(r == HTTP_RESPONSE_BAD_CHUNK && strstr(p.error, where) != NULL,
                  "3 bytes of data announced, 5 sent, in slices of %zu bytes: the parser returned %s (\"%s\"); "
                  "expected BAD_CHUNK %s (the X where the CRLF should be)", slice, http_response_result_name(r),
                  p.error, where);
        http_response_parser_free(&p);
    }
    // A CR then something else is no better, nor is a LF without its CR.
    const char *almost[] = {CHUNKED_HEAD "3\r\nabc\rX0\r\n\r\n", CHUNKED_HEAD "3\r\nabc\n0\r\n\r\n"};
    for (size_t i = 0; i < 2; i++) {
        static struct http_response_parser p;
        http_response_parser_init(&p, false);
        enum http_response_result r = parse_all(&p, almost[i], strlen(almost[i]), 1);
        cr_assert(r == HTTP_RESPONSE_BAD_CHUNK, "%s after the data of a 3-byte chunk: the parser returned %s; "
                  "expected BAD_CHUNK (only CRLF may follow a chunk's data)", i == 0 ? "\"\\rX\"" : "a bare LF",
                  http_response_result_name(r));
        http_response_parser_free(&p);
    }
}
