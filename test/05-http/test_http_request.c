// http_request_build, read back by libhttp-parser as a request.
#include <errno.h>
#include <http_parser.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http_request.h"
#include "labtest.h"

LAB_SUITE(http_request, 10);

struct request_seen {
    char url[256], field[64], host[256], connection[64];
    bool complete;
};

static void copy(char *dst, size_t size, const char *at, size_t len)
{
    size_t have = strlen(dst);
    snprintf(dst + have, size - have, "%.*s", (int)len, at);
}

static int on_url(http_parser *hp, const char *at, size_t len)
{
    struct request_seen *s = hp->data;
    copy(s->url, sizeof s->url, at, len);
    return 0;
}

static int on_field(http_parser *hp, const char *at, size_t len)
{
    struct request_seen *s = hp->data;
    s->field[0] = '\0';
    copy(s->field, sizeof s->field, at, len);
    return 0;
}

static int on_value(http_parser *hp, const char *at, size_t len)
{
    struct request_seen *s = hp->data;
    if (strcasecmp(s->field, "Host") == 0)
        copy(s->host, sizeof s->host, at, len);
    else if (strcasecmp(s->field, "Connection") == 0)
        copy(s->connection, sizeof s->connection, at, len);
    return 0;
}

static int on_complete(http_parser *hp)
{
    struct request_seen *s = hp->data;
    s->complete = true;
    return 0;
}

Test(http_request, builds_a_get_that_libhttp_parser_reads_back)
{
    struct {
        struct http_url url;
        const char *method;
        bool keep_alive;
        const char *host;
    } cases[] = {
        {{"127.0.0.1", 8080, "/delay/100"}, "GET", true, "127.0.0.1:8080"},
        {{"localhost", 80, "/get?x=1"}, "GET", false, "localhost"},
        {{"h", 81, "/"}, "HEAD", true, "h:81"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[512];
        int n = http_request_build(buf, sizeof buf, cases[i].method, &cases[i].url, cases[i].keep_alive);
        cr_assert(n > 0 && (size_t)n == strlen(buf), "http_request_build(%s %s) returned %d (%s); it should "
                  "return the length of the request", cases[i].method, cases[i].url.path, n, error_name(n));
        struct request_seen seen = {0};
        http_parser_settings settings;
        http_parser_settings_init(&settings);
        settings.on_url = on_url;
        settings.on_header_field = on_field;
        settings.on_header_value = on_value;
        settings.on_message_complete = on_complete;
        http_parser hp;
        http_parser_init(&hp, HTTP_REQUEST);
        hp.data = &seen;
        size_t used = http_parser_execute(&hp, &settings, buf, (size_t)n);
        cr_assert(HTTP_PARSER_ERRNO(&hp) == HPE_OK && used == (size_t)n && seen.complete,
                  "libhttp-parser could not read the request \"%s\": %s at byte %zu", buf,
                  http_errno_description(HTTP_PARSER_ERRNO(&hp)), used);
        cr_assert(strcmp(http_method_str((enum http_method)hp.method), cases[i].method) == 0 &&
                  strcmp(seen.url, cases[i].url.path) == 0 && hp.http_major == 1 && hp.http_minor == 1,
                  "the request \"%s\" reads as %s %s HTTP/%d.%d; expected %s %s HTTP/1.1", buf,
                  http_method_str((enum http_method)hp.method), seen.url, hp.http_major, hp.http_minor,
                  cases[i].method, cases[i].url.path);
        cr_assert(strcmp(seen.host, cases[i].host) == 0, "the request \"%s\" has Host \"%s\"; expected \"%s\" (the "
                  "port only when it is not 80)", buf, seen.host, cases[i].host);
        cr_assert((http_should_keep_alive(&hp) != 0) == cases[i].keep_alive &&
                  strcasecmp(seen.connection, cases[i].keep_alive ? "keep-alive" : "close") == 0,
                  "the request \"%s\" has Connection \"%s\"; expected \"%s\"", buf, seen.connection,
                  cases[i].keep_alive ? "keep-alive" : "close");
    }
}

Test(http_request, reports_a_buffer_too_small)
{
    struct http_url url = {"127.0.0.1", 8080, "/bytes/100"};
    char want[512];
    int full = http_request_build(want, sizeof want, "GET", &url, true);
    cr_assert(full > 0, "http_request_build into 512 bytes returned %d (%s)", full, error_name(full));
    for (size_t size = 0; size <= (size_t)full; size++) {
        char buf[512];
        memset(buf, '#', sizeof buf);
        int n = http_request_build(buf, size, "GET", &url, true);
        cr_assert(n == -ENOSPC, "a %zu-byte buffer for a %d-byte request (and its NUL): "
                  "http_request_build returned %d (%s); it should return -ENOSPC", size, full, n, error_name(n));
        cr_assert(buf[size] == '#', "http_request_build wrote past the end of a %zu-byte buffer", size);
    }
    char buf[512];
    int n = http_request_build(buf, sizeof buf, "POST", &url, true);
    cr_assert(n == -EINVAL, "the method POST: returned %d (%s); it should return -EINVAL", n, error_name(n));
}
