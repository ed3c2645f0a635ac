// demo_parse: parses HTTP responses and prints what the parser saw.
//   demo_parse              parses a built-in example: two pipelined responses,
//   fed 7 bytes at a time demo_parse FILE         parses FILE ("-" for standard
//   input), as one response stream demo_parse --head FILE  the same, for responses
//   to HEAD requests
#include <stdio.h>
#include <string.h>

#include "http_response.h"

static const char example[] = "HTTP/1.1 200 OK\r\n"
                              "Content-Type: text/plain\r\n"
                              "Transfer-Encoding: chunked\r\n"
                              "\r\n"
                              "7;note=first\r\nhello, \r\n"
                              "6\r\nworld!\r\n"
                              "0\r\nX-Checksum: none\r\n\r\n"
                              "HTTP/1.0 404 Not Found\r\n"
                              "Content-Length: 9\r\n"
                              "\r\n"
                              "not here\n";

static void print_response(const struct http_response *r, unsigned long long at)
{
    printf("response ending at byte %llu: HTTP/1.%d %d %s\n", at, r->version_minor,
           r->status, r->reason);
    for (size_t i = 0; i < r->header_count; i++)
        printf("  %s: %s\n", r->headers[i].name, r->headers[i].value);
    printf("  body: %zu bytes \"%.*s\"%s\n", r->body_len,
           r->body_len > 40 ? 40 : (int)r->body_len, r->body_len ? r->body : "",
           r->body_len > 40 ? "..." : "");
    printf("  the connection %s\n",
           r->keep_alive ? "may be reused" : "must be closed");
}

// Feeds data in slices of `slice` bytes, starting a new response after each one
// completes. Returns 0 when every response parsed, 1 on an error.
static int parse_stream(FILE *in, const char *data, size_t len, size_t slice,
                        bool head)
{
    struct http_response_parser p;
    http_response_parser_init(&p, head);
    unsigned long long total = 0;
    int responses = 0, status = 0;
    char buf[4096];
    for (;;) {
        size_t n;
        const char *chunk;
        if (in != NULL) {
            n = fread(buf, 1, sizeof buf, in);
            chunk = buf;
        } else {
            n = len < slice ? len : slice;
            chunk = data;
            data += n, len -= n;
        }
        enum http_response_result r = HTTP_RESPONSE_MORE;
        size_t used = 0;
        if (n == 0) {
            if (p.offset == 0 && responses > 0) // closed cleanly between two responses
                break;
            r = http_response_finish(&p);
        }
        while (n > 0) {
            r = http_response_parse(&p, chunk, n, &used);
            chunk += used, n -= used, total += used;
            if (r != HTTP_RESPONSE_COMPLETE)
                break;
            print_response(&p.response, total);
            responses++;
            http_response_parser_reset(&p, head);
        }
        if (r == HTTP_RESPONSE_COMPLETE && p.state == HTTP_PARSE_DONE) { // completed
                                                                         // by finish
            print_response(&p.response, total);
            responses++;
            break;
        }
        if (r != HTTP_RESPONSE_MORE && r != HTTP_RESPONSE_COMPLETE) {
            printf("error %s: %s\n", http_response_result_name(r), p.error);
            status = 1;
            break;
        }
    }
    http_response_parser_free(&p);
    printf("%d response(s), %llu bytes\n", responses, total);
    return status;
}

int main(int argc, char **argv)
{
    bool head = argc > 1 && strcmp(argv[1], "--head") == 0;
    const char *path = argc > 1 + head ? argv[1 + head] : NULL;
    if (path == NULL) {
        printf("the built-in example, fed 7 bytes at a time:\n");
        return parse_stream(NULL, example, sizeof example - 1, 7, false);
    }
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (in == NULL) {
        perror(path);
        return 2;
    }
    int status = parse_stream(in, NULL, 0, 0, head);
    if (in != stdin)
        fclose(in);
    return status;
}
