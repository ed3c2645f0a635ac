// The request parser against libhttp-parser on the corpus, fed whole, a byte at a time,
// and in two slices cut at every position; then what libhttp-parser does not decide:
// the server's limits and the status code each one answers with.
//
// Parsers and outcomes here are static: a failed assertion ends the test at once, and
// memory a static still points to is not a leak to the sanitizer build.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labtest.h"
#include "parsetest.h"
#include "request_corpus.h"
#include "request_outcome.h"
#include "request_parser.h"

LAB_SUITE(request_parser, 60);

static void check_agrees(const struct request_corpus_entry *e,
                         const struct request_outcome *oracle, const size_t *cuts,
                         size_t ncuts, const char *how)
{
    static struct request_outcome ours;
    request_ours_parse(e->text, e->len, cuts, ncuts, &ours);
    const char *diff = request_outcome_diff(&ours, oracle);
    cr_assert(diff == NULL, "corpus entry \"%s\" (%zu bytes), %s: %s", e->name, e->len, how,
              diff);
    request_outcome_free(&ours);
}

// The oracle must agree with the corpus about which entries are well-formed, or the
// corpus is wrong (not the student).
static void oracle_of(const struct request_corpus_entry *e, struct request_outcome *oracle)
{
    request_oracle_parse(e->text, e->len, oracle);
    cr_assert((oracle->result == 1) == (e->expect == REQUEST_COMPLETE),
              "corpus entry \"%s\": libhttp-parser %s it, the corpus says otherwise (a bug in "
              "the tests: %s)", e->name, oracle->result == 1 ? "accepts" : "rejects",
              oracle->error);
}

Test(request_parser, agrees_with_libhttp_parser_on_every_corpus_entry)
{
    for (size_t i = 0; i < request_corpus_size(); i++) {
        const struct request_corpus_entry *e = request_corpus_entry(i);
        if (!e->oracle)
            continue;
        static struct request_outcome oracle;
        oracle_of(e, &oracle);
        check_agrees(e, &oracle, NULL, 0, "fed in one slice");
        request_outcome_free(&oracle);
    }
}

Test(request_parser, agrees_when_each_request_is_fed_one_byte_at_a_time)
{
    for (size_t i = 0; i < request_corpus_size(); i++) {
        const struct request_corpus_entry *e = request_corpus_entry(i);
        if (!e->oracle)
            continue;
        static struct request_outcome oracle;
        oracle_of(e, &oracle);
        static size_t *cuts;
        cuts = parsetest_every_byte(e->len);
        cr_assert(cuts != NULL);
        check_agrees(e, &oracle, cuts, e->len - 1, "fed one byte at a time");
        free(cuts);
        request_outcome_free(&oracle);
    }
}

Test(request_parser, agrees_when_each_request_is_split_in_two_at_every_position)
{
    for (size_t i = 0; i < request_corpus_size(); i++) {
        const struct request_corpus_entry *e = request_corpus_entry(i);
        if (!e->oracle)
            continue;
        static struct request_outcome oracle;
        oracle_of(e, &oracle);
        size_t step = e->len > 1024 ? 37 : 1; // the 8 KiB entry: every 37th position
        for (size_t k = 1; k < e->len; k += step) {
            char how[64];
            snprintf(how, sizeof how, "split in two at byte %zu", k);
            check_agrees(e, &oracle, &k, 1, how);
        }
        request_outcome_free(&oracle);
    }
}

Test(request_parser, each_limit_and_each_fault_gets_its_status_code)
{
    for (size_t i = 0; i < request_corpus_size(); i++) {
        const struct request_corpus_entry *e = request_corpus_entry(i);
        if (e->expect == REQUEST_COMPLETE || e->expect == REQUEST_MORE)
            continue;
        static struct request_parser p;
        request_parser_init(&p);
        size_t used = 0;
        int r = request_parse(&p, e->text, e->len, &used);
        cr_assert(r == e->expect,
                  "corpus entry \"%s\": request_parse returned %d (%s, \"%s\"); expected %s, "
                  "which the server answers with %d", e->name, r, error_name(r), p.error,
                  error_name(e->expect), request_error_status(e->expect));
        cr_assert(parsetest_names_a_byte(p.error, e->len),
                  "corpus entry \"%s\": the error message \"%s\" should say what was wrong and "
                  "end with \" at byte N\" (N at most %zu): use request_fail", e->name, p.error,
                  e->len);
        cr_assert(used <= e->len, "corpus entry \"%s\": *consumed is %zu, more than the %zu "
                  "bytes given", e->name, used, e->len);
        int again = request_parse(&p, "GET / HTTP/1.1\r\n\r\n", 18, &used);
        cr_assert(again == r, "corpus entry \"%s\": after an error the parser must stay in it "
                  "(returned %s, then %s)", e->name, error_name(r), error_name(again));
        request_parser_free(&p);
    }
}

Test(request_parser, pipelined_requests_come_out_one_by_one_in_order)
{
    static const char text[] = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
                               "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz"
                               "GET /c HTTP/1.0\r\n\r\n";
    static const char *const targets[] = {"/a", "/b", "/c"};
    static const bool keep[] = {true, true, false};
    static struct request_parser p;
    request_parser_init(&p);
    size_t off = 0, len = sizeof text - 1;
    for (int i = 0; i < 3; i++) {
        size_t used = 0;
        int r = request_parse(&p, text + off, len - off, &used);
        cr_assert(r == REQUEST_COMPLETE, "request %d of 3 in one slice: request_parse returned "
                  "%d (%s), expected REQUEST_COMPLETE (%s)", i + 1, r, error_name(r), p.error);
        cr_assert(strcmp(p.request.target, targets[i]) == 0 && p.request.keep_alive == keep[i],
                  "request %d of 3: target \"%s\" keep_alive %d, expected \"%s\" and %d",
                  i + 1, p.request.target, p.request.keep_alive, targets[i], keep[i]);
        off += used;
        request_parser_reset(&p);
    }
    cr_assert(off == len, "the three requests used %zu of %zu bytes", off, len);
    request_parser_free(&p);
}

Test(request_parser, finds_headers_by_case_insensitive_name_and_tells_idle_from_started)
{
    static struct request_parser p;
    request_parser_init(&p);
    size_t used;
    cr_assert(!request_parser_started(&p), "a new parser has not started");
    request_parse(&p, "\r\n", 2, &used);
    cr_assert(!request_parser_started(&p), "a blank line before a request does not start it");
    request_parse(&p, "G", 1, &used);
    cr_assert(request_parser_started(&p), "one byte of a request line starts it");
    static const char rest[] = "ET / HTTP/1.1\r\nX-Thing:  a b \r\nhost: h\r\n\r\n";
    int r = request_parse(&p, rest, sizeof rest - 1, &used);
    cr_assert(r == REQUEST_COMPLETE, "returned %s (%s)", error_name(r), p.error);
    const char *v = request_header(&p.request, "x-thing");
    cr_assert(v != NULL && strcmp(v, "a b") == 0,
              "header X-Thing: \"%s\", expected \"a b\" (spaces around a value go)", v ? v : "(none)");
    v = request_header(&p.request, "Host");
    cr_assert(v != NULL && strcmp(v, "h") == 0, "header Host: %s, expected h", v ? v : "(none)");
    request_parser_free(&p);
}
