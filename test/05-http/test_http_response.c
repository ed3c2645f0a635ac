// The parser against libhttp-parser on the corpus, fed whole, a byte at a time, and in two
// slices cut at every position: any slicing must give the oracle's answer.
//
// Parsers and buffers here are static: a failed assertion ends the test at once, and memory
// a static still points to is not a leak to the sanitizer build (a leak report would turn
// the failure into a crash).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_corpus.h"
#include "http_outcome.h"
#include "labtest.h"
#include "parsetest.h"

LAB_SUITE(http_response, 60);

// Parses entry e with our parser, cut at cuts[], and compares with the oracle's outcome.
static void check_agrees(const struct corpus_entry *e, const struct http_outcome *oracle, const size_t *cuts,
                         size_t ncuts, const char *how)
{
    static struct http_outcome ours;
    ours_parse(e->text, e->len, e->head, cuts, ncuts, &ours);
    const char *diff = http_outcome_diff(&ours, oracle);
    cr_assert(diff == NULL, "corpus entry \"%s\" (%zu bytes%s), %s: %s", e->name, e->len,
              e->head ? ", a reply to HEAD" : "", how, diff);
    http_outcome_free(&ours);
}

// The oracle must agree with the corpus about which entries are well-formed, or the
// corpus is wrong (not the student).
static void oracle_of(const struct corpus_entry *e, struct http_outcome *oracle)
{
    oracle_parse(e->text, e->len, e->head, oracle);
    cr_assert(oracle->accepted == (e->expect == HTTP_RESPONSE_COMPLETE),
              "corpus entry \"%s\": libhttp-parser %s it, the corpus says it is %s (a bug in the tests: %s)",
              e->name, oracle->accepted ? "accepts" : "rejects", e->expect == HTTP_RESPONSE_COMPLETE ? "valid" : "bad",
              oracle->error);
}

Test(http_response, agrees_with_libhttp_parser_on_every_corpus_entry)
{
    for (size_t i = 0; i < corpus_size(); i++) {
        const struct corpus_entry *e = corpus_entry(i);
        static struct http_outcome oracle;
        oracle_of(e, &oracle);
        check_agrees(e, &oracle, NULL, 0, "fed in one slice");
        http_outcome_free(&oracle);
    }
}

Test(http_response, agrees_when_each_response_is_fed_one_byte_at_a_time)
{
    for (size_t i = 0; i < corpus_size(); i++) {
        const struct corpus_entry *e = corpus_entry(i);
        static struct http_outcome oracle;
        oracle_of(e, &oracle);
        static size_t *cuts;
        cuts = parsetest_every_byte(e->len);
        cr_assert(cuts != NULL);
        check_agrees(e, &oracle, cuts, e->len - 1, "fed one byte at a time");
        free(cuts);
        http_outcome_free(&oracle);
    }
}

Test(http_response, agrees_when_each_response_is_split_in_two_at_every_position)
{
    for (size_t i = 0; i < corpus_size(); i++) {
        const struct corpus_entry *e = corpus_entry(i);
        static struct http_outcome oracle;
        oracle_of(e, &oracle);
        // The big entries are cut every 97 bytes (every position would take minutes).
        size_t step = e->len > 4096 ? 97 : 1;
        for (size_t k = 1; k < e->len; k += step) {
            char how[64];
            snprintf(how, sizeof how, "split in two at byte %zu", k);
            check_agrees(e, &oracle, &k, 1, how);
        }
        http_outcome_free(&oracle);
    }
}

Test(http_response, names_the_problem_and_the_byte_of_each_malformed_response)
{
    for (size_t i = 0; i < corpus_size(); i++) {
        const struct corpus_entry *e = corpus_entry(i);
        if (e->expect == HTTP_RESPONSE_COMPLETE)
            continue;
        static struct http_response_parser p;
        http_response_parser_init(&p, e->head);
        size_t used = 0;
        enum http_response_result r = http_response_parse(&p, e->text, e->len, &used);
        if (r == HTTP_RESPONSE_MORE)
            r = http_response_finish(&p);
        cr_assert(r == e->expect, "corpus entry \"%s\": the parser returned %s (\"%s\"); expected %s", e->name,
                  http_response_result_name(r), p.error, http_response_result_name(e->expect));
        cr_assert(parsetest_names_a_byte(p.error, e->len),
                  "corpus entry \"%s\": the error message \"%s\" should say what was wrong and end with "
                  "\" at byte N\" (N at most %zu): use http_response_fail", e->name, p.error, e->len);
        cr_assert(r == HTTP_RESPONSE_TRUNCATED || used <= e->len,
                  "corpus entry \"%s\": *consumed is %zu, more than the %zu bytes given", e->name, used, e->len);
        http_response_parser_free(&p);
    }
}

static const char with_headers[] = "HTTP/1.1 200 OK\r\n"
                                   "Content-Type: text/html; charset=utf-8\r\n"
                                   "X-Dup: first\r\n"
                                   "content-length:6\r\n"
                                   "X-Dup: second\r\n"
                                   "X-Spaces: \t spaced out \t \r\n"
                                   "\r\n"
                                   "<p>hi\n";

// Parses with_headers cut at the given positions; returns the result.
static enum http_response_result parse_cut(struct http_response_parser *p, const char *text, const size_t *cuts,
                                           size_t ncuts)
{
    size_t len = strlen(text), start = 0, used = 0;
    enum http_response_result r = HTTP_RESPONSE_MORE;
    for (size_t i = 0; i <= ncuts && r == HTTP_RESPONSE_MORE; i++) {
        size_t end = i < ncuts ? cuts[i] : len;
        r = http_response_parse(p, text + start, end - start, &used);
        start = end;
    }
    return r;
}

static void expect_header(const struct http_response *r, const char *name, const char *value, const char *how)
{
    const char *got = http_response_header(r, name);
    cr_assert(got != NULL && strcmp(got, value) == 0,
              "%s: http_response_header(r, \"%s\") gave %s%s%s; expected \"%s\"", how, name, got ? "\"" : "",
              got ? got : "NULL", got ? "\"" : "", value);
}

Test(http_response, finds_headers_by_case_insensitive_name)
{
    static struct http_response_parser p;
    http_response_parser_init(&p, false);
    enum http_response_result r = parse_cut(&p, with_headers, NULL, 0);
    cr_assert(r == HTTP_RESPONSE_COMPLETE, "parsing a response with 5 headers returned %s (%s)",
              http_response_result_name(r), p.error);
    const char *how = "a response with 5 headers";
    expect_header(&p.response, "content-type", "text/html; charset=utf-8", how);
    expect_header(&p.response, "CONTENT-LENGTH", "6", how);
    expect_header(&p.response, "x-dup", "first", how);
    expect_header(&p.response, "X-Spaces", "spaced out", how);
    cr_assert(http_response_header(&p.response, "X-Missing") == NULL, "a header that is not there should give NULL");
    cr_assert(p.response.header_count == 5, "the response has 5 headers; header_count is %zu",
              p.response.header_count);
    cr_assert(p.response.status == 200 && strcmp(p.response.reason, "OK") == 0 && p.response.version_minor == 1,
              "the status line \"HTTP/1.1 200 OK\" gave version 1.%d, status %d, reason \"%s\"",
              p.response.version_minor, p.response.status, p.response.reason);
    http_response_parser_free(&p);
}

Test(http_response, keeps_headers_split_across_reads_whole)
{
    size_t len = strlen(with_headers);
    // Three reads: cut at every pair of positions inside the head (names, colons, values, CR, LF).
    size_t head_end = (size_t)(strstr(with_headers, "\r\n\r\n") - with_headers) + 4;
    for (size_t a = 1; a < head_end; a++) {
        for (size_t b = a + 1; b < len; b += 3) {
            size_t cuts[2] = {a, b};
            char how[80];
            snprintf(how, sizeof how, "the response read in three slices cut at bytes %zu and %zu", a, b);
            static struct http_response_parser p;
            http_response_parser_init(&p, false);
            enum http_response_result r = parse_cut(&p, with_headers, cuts, 2);
            cr_assert(r == HTTP_RESPONSE_COMPLETE, "%s: the parser returned %s (%s)", how,
                      http_response_result_name(r), p.error);
            cr_assert(p.response.header_count == 5, "%s: %zu headers instead of 5", how, p.response.header_count);
            expect_header(&p.response, "Content-Type", "text/html; charset=utf-8", how);
            expect_header(&p.response, "X-Spaces", "spaced out", how);
            expect_header(&p.response, "Content-Length", "6", how);
            cr_assert(p.response.body_len == 6 && memcmp(p.response.body, "<p>hi\n", 6) == 0, "%s: wrong body",
                      how);
            http_response_parser_free(&p);
        }
    }
}

Test(http_response, departs_from_libhttp_parser_only_where_the_rfc_says_so)
{
    for (size_t i = 0; i < corpus_difference_count(); i++) {
        const struct corpus_difference *d = corpus_difference(i);
        size_t len = strlen(d->text);
        static struct http_response_parser p;
        http_response_parser_init(&p, false);
        size_t used = 0;
        enum http_response_result r = http_response_parse(&p, d->text, len, &used);
        if (r == HTTP_RESPONSE_MORE)
            r = http_response_finish(&p);
        cr_assert(r == d->ours, "\"%s\": the parser returned %s (%s); expected %s, because %s", d->name,
                  http_response_result_name(r), p.error, http_response_result_name(d->ours), d->why);
        // Every accepted difference is a response without a body.
        cr_assert(r != HTTP_RESPONSE_COMPLETE || p.response.body_len == 0,
                  "\"%s\": %zu body bytes; expected none, because %s", d->name, p.response.body_len, d->why);
        http_response_parser_free(&p);

        // Keep the list honest: each entry must really be a difference.
        static struct http_outcome ours, oracle;
        ours_parse(d->text, len, false, NULL, 0, &ours);
        oracle_parse(d->text, len, false, &oracle);
        cr_assert(http_outcome_diff(&ours, &oracle) != NULL, "\"%s\" is listed as a difference from "
                  "libhttp-parser, but libhttp-parser agrees (a bug in the tests)", d->name);
        http_outcome_free(&ours);
        http_outcome_free(&oracle);
    }
}

// A NUL in a line of the head: parsed as a C string, the line would end there, so
// "Content-Length: 5\0 0" would read as 5 and "5\0" pass for "5". Each kind of line must
// reject it with its own error, whether the NUL comes in the same read as the rest of its
// line or in the next one; without the NUL, the same responses are fine.
Test(http_response, a_nul_byte_in_any_line_of_the_head_is_an_error)
{
    static const struct {
        const char *where;
        const char *text; // '@' marks the NUL byte; without it the response is well-formed
        enum http_response_result expect;
    } cases[] = {
        {"the status line", "HTTP/1.1 200 OK@\r\nContent-Length: 0\r\n\r\n",
         HTTP_RESPONSE_BAD_STATUS_LINE},
        {"a header value", "HTTP/1.1 200 OK\r\nContent-Length: 5@\r\n\r\nhello",
         HTTP_RESPONSE_BAD_HEADER},
        {"a header name", "HTTP/1.1 200 OK\r\nX-A@b: 1\r\nContent-Length: 0\r\n\r\n",
         HTTP_RESPONSE_BAD_HEADER},
        {"a chunk-size line", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "5@\r\nhello\r\n0\r\n\r\n", HTTP_RESPONSE_BAD_CHUNK},
        {"a trailer line", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "5\r\nhello\r\n0\r\nX-T: a@b\r\n\r\n", HTTP_RESPONSE_BAD_HEADER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t mark = (size_t)(strchr(cases[i].text, '@') - cases[i].text);
        for (int with_nul = 0; with_nul <= 1; with_nul++) {
            static char text[160];
            size_t len = 0;
            for (const char *c = cases[i].text; *c != '\0'; c++)
                if (*c != '@' || with_nul)
                    text[len++] = *c == '@' ? '\0' : *c;
            // Whole, and in two reads cut where the NUL is (or was): the second read starts
            // with it.
            for (int cut = 0; cut <= 1; cut++) {
                static struct http_response_parser p;
                http_response_parser_init(&p, false);
                size_t used = 0, first = cut ? mark : len;
                enum http_response_result r = http_response_parse(&p, text, first, &used);
                if (r == HTTP_RESPONSE_MORE && first < len)
                    r = http_response_parse(&p, text + first, len - first, &used);
                enum http_response_result want = with_nul ? cases[i].expect : HTTP_RESPONSE_COMPLETE;
                cr_assert(r == want, "%s %s%s, fed %s: the parser returned %s (%s); expected %s%s",
                          with_nul ? "a NUL byte in" : "the response with a NUL in",
                          cases[i].where, with_nul ? "" : ", the NUL left out", cut ? "in two reads" : "whole",
                          http_response_result_name(r), p.error, http_response_result_name(want),
                          with_nul ? ". A NUL inside a line of the head is an error, like a "
                                     "bare CR: check for it where a complete line is read" : "");
                http_response_parser_free(&p);
            }
        }
    }
}

// Content-Length is 1*DIGIT (RFC 9110 section 8.6), nothing else. strtol and atoi read more
// than that: a sign, "0x", leading spaces, and they stop quietly at the first non-digit. Each
// form below must be rejected, as libhttp-parser rejects it; the same response with a plain
// "5" is fine.
Test(http_response, rejects_every_content_length_that_is_not_only_digits)
{
    static const char *const forms[] = {"+5", "-0", "0x5", "5 5", "5,5", "5.0", "1e1", "5;"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        static char text[128];
        snprintf(text, sizeof text, "HTTP/1.1 200 OK\r\nContent-Length: %s\r\n\r\nhelloworld", forms[i]);
        static struct http_outcome oracle;
        oracle_parse(text, strlen(text), false, &oracle);
        cr_assert(!oracle.accepted, "libhttp-parser accepts \"Content-Length: %s\" (a bug in the tests)",
                  forms[i]);
        http_outcome_free(&oracle);
        static struct http_response_parser p;
        http_response_parser_init(&p, false);
        size_t used = 0;
        enum http_response_result r = http_response_parse(&p, text, strlen(text), &used);
        if (r == HTTP_RESPONSE_MORE)
            r = http_response_finish(&p);
        cr_assert(r == HTTP_RESPONSE_BAD_LENGTH, "\"Content-Length: %s\": the parser returned %s (%s); expected "
                  "HTTP_RESPONSE_BAD_LENGTH, as libhttp-parser rejects it. A length is digits and nothing else: "
                  "no sign, no \"0x\", no second number (see parse_content_length)", forms[i],
                  http_response_result_name(r), p.error);
        http_response_parser_free(&p);
    }
}
