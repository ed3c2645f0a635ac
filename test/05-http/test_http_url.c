// http_url_split: the parts of http://host:port/path, and a clear error for anything else.
#include <errno.h>
#include <string.h>

#include "http_request.h"
#include "labtest.h"

LAB_SUITE(http_url, 10);

Test(http_url, splits_host_port_and_path)
{
    struct {
        const char *url, *host;
        unsigned port;
        const char *path;
    } cases[] = {
        {"http://127.0.0.1:8080/delay/100", "127.0.0.1", 8080, "/delay/100"},
        {"http://localhost/get", "localhost", 80, "/get"},
        {"http://example.test", "example.test", 80, "/"},
        {"http://example.test:81", "example.test", 81, "/"},
        {"HTTP://Example.test/a/b?x=1&y=2#frag", "Example.test", 80, "/a/b?x=1&y=2"},
        {"http://h?q=1", "h", 80, "/?q=1"},
        {"http://h:65535/", "h", 65535, "/"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct http_url u;
        memset(&u, 0x55, sizeof u);
        const char *why = NULL;
        int rc = http_url_split(cases[i].url, &u, &why);
        cr_assert(rc == 0, "http_url_split(\"%s\") returned %d (%s): %s; it should return 0", cases[i].url, rc,
                  error_name(rc), why ? why : "(no message)");
        cr_assert(strcmp(u.host, cases[i].host) == 0 && u.port == cases[i].port && strcmp(u.path, cases[i].path) == 0,
                  "http_url_split(\"%s\") gave host \"%.40s\", port %u, path \"%.40s\"; expected \"%s\", %u, \"%s\"",
                  cases[i].url, u.host, (unsigned)u.port, u.path, cases[i].host, cases[i].port, cases[i].path);
    }
}

Test(http_url, rejects_https_and_garbage_with_a_clear_error)
{
    struct {
        const char *url, *says; // says: a word the message must contain
    } cases[] = {
        {"https://example.test/", "https"},  {"ftp://example.test/", "http://"}, {"example.test/path", "http://"},
        {"http://", "host"},                 {"http:///path", "host"},           {"http://h:0/", "port"},
        {"http://h:65536/", "port"},         {"http://h:80x/", "port"},          {"http://h:/", "port"},
        {"http://h/a b", "space"},           {"", "http://"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct http_url u;
        const char *err = NULL;
        int rc = http_url_split(cases[i].url, &u, &err);
        cr_assert(rc == -EINVAL && err != NULL, "http_url_split(\"%s\") returned %d (%s), message %s; it should "
                  "return -EINVAL and say why", cases[i].url, rc, error_name(rc), err ? err : "(none)");
        cr_assert(strstr(err, cases[i].says) != NULL, "http_url_split(\"%s\") failed with \"%s\"; the message "
                  "should mention \"%s\"", cases[i].url, err, cases[i].says);
    }
    char long_host[400] = "http://";
    memset(long_host + 7, 'h', 300);
    struct http_url u;
    const char *err = NULL;
    int rc = http_url_split(long_host, &u, &err);
    cr_assert(rc == -EINVAL && err != NULL && strstr(err, "host") != NULL, "a 300-character host should fail with a message about "
              "the host, not \"%s\"", err ? err : "(accepted)");
}
