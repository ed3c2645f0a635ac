// The HTTP test server's self-test, and a standalone runner for benches and figure scripts.
//
// Build (tools/check/test.sh does this with gcc and clang; SAN=1 style flags work too):
//   cc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O2 -Itest/lib
//      -o build/http_test_server test/http_test_server/*.c test/lib/http_test_server*.c
// Run:
//   build/http_test_server             checks every route with a plain blocking client; exit 0 if all pass
//   build/http_test_server --serve     prints the port on one line, serves until SIGINT/SIGTERM/SIGHUP
//                                      (or until it is killed: the server dies with it)
//   build/http_test_server --load N [MS]
//                                      N concurrent GET /delay/MS (default 200) from the blocking client
//                                      (connects one after another); prints the total time, the client's
//                                      and the server's CPU time, the maximum concurrency
//   build/http_test_server --burst N [MS]
//                                      the same from an epoll client that starts all N connects at once
//   build/http_test_server --spin US --serve|--load|--burst ...
//                                      the same with a server that polls for up to US microseconds
//                                      before each sleep (http_test_server_start_spinning): benches
//
// The client here is deliberately plain: blocking sockets, one read loop per response.
#define _GNU_SOURCE
#include "http_test_server.h"
#include "load.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures;

static void check(bool ok, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    printf("%s: ", ok ? "ok" : "FAIL");
    vprintf(fmt, args);
    printf("\n");
    va_end(args);
    if (!ok)
        failures++;
    fflush(stdout);
}

static int64_t cpu_ns(int who)
{
    struct rusage use;
    getrusage(who, &use);
    return ((int64_t)use.ru_utime.tv_sec + use.ru_stime.tv_sec) * 1000000000 +
           ((int64_t)use.ru_utime.tv_usec + use.ru_stime.tv_usec) * 1000;
}

// A growing buffer of what a connection received.
struct bytes {
    char *data;
    size_t len, cap;
    int reads; // how many recv calls returned data
};

static void bytes_free(struct bytes *b)
{
    free(b->data);
    *b = (struct bytes){0};
}

// Reads until EOF (or an error); false on error or after timeout_ms without EOF.
static bool read_to_eof(int fd, struct bytes *b, int timeout_ms)
{
    int64_t deadline = load_now_ns() + (int64_t)timeout_ms * 1000000;
    for (;;) {
        int left_ms = (int)((deadline - load_now_ns()) / 1000000);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left_ms <= 0 || poll(&p, 1, left_ms) <= 0)
            return false;
        if (b->cap - b->len < 65536) {
            size_t cap = b->cap ? 2 * b->cap : 1 << 17;
            char *data = realloc(b->data, cap);
            if (!data)
                return false;
            b->data = data;
            b->cap = cap;
        }
        ssize_t n = recv(fd, b->data + b->len, b->cap - b->len, 0);
        if (n == 0)
            return true;
        if (n < 0)
            return errno == ECONNRESET ? true : false;
        b->len += (size_t)n;
        b->reads++;
    }
}

// Sends request on a new connection, reads the answer until the server closes.
static bool exchange(int port, const char *request, struct bytes *out)
{
    *out = (struct bytes){0};
    int fd = load_connect(port);
    if (fd < 0)
        return false;
    bool ok = load_send_all(fd, request, strlen(request)) && read_to_eof(fd, out, 5000);
    close(fd);
    return ok;
}

static bool bytes_equal(const struct bytes *b, const char *expected, size_t len)
{
    return b->len == len && memcmp(b->data, expected, len) == 0;
}

static void check_exact(int port, const char *what, const char *request, const char *expected, size_t len)
{
    struct bytes got;
    bool ok = exchange(port, request, &got) && bytes_equal(&got, expected, len);
    if (ok)
        check(ok, "%s", what);
    else
        check(ok, "%s (got %zu bytes: %.*s)", what, got.len, (int)(got.len < 300 ? got.len : 300),
              got.data ? got.data : "");
    bytes_free(&got);
}

// check_exact with a string literal as the expected bytes.
#define CHECK_EXACT(port, what, request, literal) check_exact(port, what, request, literal, sizeof literal - 1)

static bool pattern_matches(const char *data, size_t len, size_t offset)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)data[i] != HTTP_TEST_SERVER_BYTE(offset + i))
            return false;
    return true;
}

// Decodes a chunked body in place; returns its length, or -1 if the framing is wrong.
static long dechunk(char *wire, size_t len)
{
    size_t in = 0, out = 0;
    for (;;) {
        char *eol = memmem(wire + in, len - in, "\r\n", 2);
        if (!eol)
            return -1;
        char *end;
        unsigned long size = strtoul(wire + in, &end, 16);
        if (end == wire + in || (end != eol && *end != ';'))
            return -1;
        in = (size_t)(eol - wire) + 2;
        if (size == 0)
            return len - in >= 2 && memcmp(wire + len - 2, "\r\n", 2) == 0 ? (long)out : -1;
        if (len - in < size + 2 || memcmp(wire + in + size, "\r\n", 2) != 0)
            return -1;
        memmove(wire + out, wire + in, size);
        out += size;
        in += size + 2;
    }
}

// The body of a complete response in b, after its head.
static char *body_of(const struct bytes *b, size_t *len)
{
    char *blank = b->data ? memmem(b->data, b->len, "\r\n\r\n", 4) : NULL;
    if (!blank)
        return NULL;
    *len = b->len - (size_t)(blank + 4 - b->data);
    return blank + 4;
}

static void check_routes(struct http_test_server *server)
{
    int port = http_test_server_port(server);
    CHECK_EXACT(port, "/get echoes the target", "GET /get?a=1 HTTP/1.1\r\nConnection: close\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 20\r\nContent-Type: application/json\r\n"
                "Connection: close\r\n\r\n{\"path\":\"/get?a=1\"}\n");
    CHECK_EXACT(port, "/delay/0 answers with its delay", "GET /delay/0 HTTP/1.0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 15\r\nContent-Type: application/json\r\n"
                "Connection: close\r\n\r\n{\"delay_ms\":0}\n");
    CHECK_EXACT(port, "/status/418 has its reason and an empty body",
                "GET /status/418 HTTP/1.1\r\nconnection: Close\r\n\r\n",
                "HTTP/1.1 418 I'm a teapot\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    CHECK_EXACT(port, "/status/204 has no Content-Length", "GET /status/204 HTTP/1.1\r\nConnection: close\r\n\r\n",
                "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
    CHECK_EXACT(port, "an unknown path is 404", "GET /nope HTTP/1.1\r\nConnection: close\r\n\r\n",
                "HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\nContent-Type: text/plain\r\n"
                "Connection: close\r\n\r\nNot Found\n");
    CHECK_EXACT(port, "/status/99 is 404", "GET /status/99 HTTP/1.1\r\nConnection: close\r\n\r\n",
                "HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\nContent-Type: text/plain\r\n"
                "Connection: close\r\n\r\nNot Found\n");
    CHECK_EXACT(port, "a malformed request gets 400 and a close", "GET nothing\r\n\r\n",
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 12\r\nContent-Type: text/plain\r\n"
                "Connection: close\r\n\r\nBad Request\n");
    CHECK_EXACT(port, "a header without ':' is malformed", "GET /get HTTP/1.1\r\nbroken\r\n\r\n",
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 12\r\nContent-Type: text/plain\r\n"
                "Connection: close\r\n\r\nBad Request\n");
    static const char garbage[] = HTTP_TEST_SERVER_GARBAGE;
    check_exact(port, "/garbage sends its bytes and closes", "GET /garbage HTTP/1.1\r\n\r\n", garbage,
                sizeof garbage - 1);
    static const char chunked[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                                  "Connection: close\r\n\r\n" HTTP_TEST_SERVER_CHUNKED_WIRE;
    check_exact(port, "/chunked sends HTTP_TEST_SERVER_CHUNKED_WIRE",
                "GET /chunked HTTP/1.1\r\nConnection: close\r\n\r\n", chunked, sizeof chunked - 1);
    CHECK_EXACT(port, "HEAD /bytes/100 has the head only", "HEAD /bytes/100 HTTP/1.1\r\nConnection: close\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: application/octet-stream\r\n"
                "Connection: close\r\n\r\n");

    // The same wire, decoded here, is HTTP_TEST_SERVER_CHUNKED_BODY.
    char wire[] = HTTP_TEST_SERVER_CHUNKED_WIRE;
    long n = dechunk(wire, sizeof wire - 1);
    check(n == (long)strlen(HTTP_TEST_SERVER_CHUNKED_BODY) && memcmp(wire, HTTP_TEST_SERVER_CHUNKED_BODY, 41) == 0,
          "HTTP_TEST_SERVER_CHUNKED_WIRE decodes to HTTP_TEST_SERVER_CHUNKED_BODY");

    struct bytes got;
    size_t len = 0;
    char *body;
    bool ok = exchange(port, "GET /bytes/10000000 HTTP/1.1\r\nConnection: close\r\n\r\n", &got);
    body = body_of(&got, &len);
    check(ok && body && len == 10000000 && pattern_matches(body, len, 0),
          "/bytes/10000000 sends 10^7 pattern bytes (got %zu)", len);
    bytes_free(&got);

    ok = exchange(port, "GET /chunked/100000 HTTP/1.1\r\nConnection: close\r\n\r\n", &got);
    body = body_of(&got, &len);
    long decoded = body ? dechunk(body, len) : -1;
    check(ok && decoded == 100000 && pattern_matches(body, 100000, 0),
          "/chunked/100000 decodes to 10^5 pattern bytes (got %ld)", decoded);
    bytes_free(&got);

    ok = exchange(port, "GET /close-mid-body HTTP/1.1\r\n\r\n", &got);
    body = body_of(&got, &len);
    check(ok && body && len == 500 && pattern_matches(body, len, 0) &&
              strstr(got.data, "Content-Length: 1000\r\n") && !strstr(got.data, "Connection: close"),
          "/close-mid-body promises 1000 bytes, sends 500 and closes (got %zu)", len);
    bytes_free(&got);

    // /close-after-response: an answer that keeps the connection alive, then the server's close;
    // the next request on that connection is never answered.
    static const char kept[] = "HTTP/1.1 200 OK\r\nContent-Length: 33\r\nContent-Type: application/json\r\n\r\n"
                               "{\"path\":\"/close-after-response\"}\n";
    static const char ask[] = "GET /close-after-response HTTP/1.1\r\nHost: x\r\n\r\n";
    static const char next[] = "GET /get HTTP/1.1\r\nHost: x\r\n\r\n";
    char head[sizeof kept];
    int fd = load_connect(port);
    ok = fd >= 0 && load_send_all(fd, ask, sizeof ask - 1) &&
         recv(fd, head, sizeof kept - 1, MSG_WAITALL) == sizeof kept - 1 && memcmp(head, kept, sizeof kept - 1) == 0;
    check(ok, "/close-after-response answers without announcing a close");
    got = (struct bytes){0};
    ok = ok && load_send_all(fd, next, sizeof next - 1) && read_to_eof(fd, &got, 2000) && got.len == 0;
    check(ok, "/close-after-response then closes: the next request gets no answer (got %zu bytes)", got.len);
    bytes_free(&got);
    if (fd >= 0)
        close(fd);

    // /close-on-next-request: an answer that keeps the connection alive, a connection that
    // stays open and quiet, and the next request on it closes it unanswered.
    static const char kept2[] = "HTTP/1.1 200 OK\r\nContent-Length: 34\r\n"
                                "Content-Type: application/json\r\n\r\n"
                                "{\"path\":\"/close-on-next-request\"}\n";
    static const char ask2[] = "GET /close-on-next-request HTTP/1.1\r\nHost: x\r\n\r\n";
    char head2[sizeof kept2];
    fd = load_connect(port);
    ok = fd >= 0 && load_send_all(fd, ask2, sizeof ask2 - 1) &&
         recv(fd, head2, sizeof kept2 - 1, MSG_WAITALL) == sizeof kept2 - 1 &&
         memcmp(head2, kept2, sizeof kept2 - 1) == 0;
    struct pollfd quiet = {.fd = fd, .events = POLLIN};
    ok = ok && poll(&quiet, 1, 100) == 0;
    check(ok, "/close-on-next-request answers and leaves the connection open and quiet");
    got = (struct bytes){0};
    ok = ok && load_send_all(fd, next, sizeof next - 1) && read_to_eof(fd, &got, 2000) && got.len == 0;
    check(ok, "/close-on-next-request: the next request is closed unanswered (got %zu bytes)", got.len);
    bytes_free(&got);
    if (fd >= 0)
        close(fd);

    // /interim/<ms>: the interim heads, then the final response; with a delay, in two parts.
    static const char interim[] = HTTP_TEST_SERVER_INTERIM
        "HTTP/1.1 200 OK\r\nContent-Length: 22\r\nContent-Type: application/json\r\n"
        "Connection: close\r\n\r\n{\"path\":\"/interim/0\"}\n";
    CHECK_EXACT(port, "/interim/0 sends a 100 and a 103, then the final response",
                "GET /interim/0 HTTP/1.1\r\nConnection: close\r\n\r\n", interim);
    int64_t started = load_now_ns();
    fd = load_connect(port);
    char first[sizeof HTTP_TEST_SERVER_INTERIM];
    static const char ask3[] = "GET /interim/300 HTTP/1.1\r\n\r\n";
    ok = fd >= 0 && load_send_all(fd, ask3, sizeof ask3 - 1) &&
         recv(fd, first, sizeof first - 1, MSG_WAITALL) == sizeof first - 1 &&
         memcmp(first, HTTP_TEST_SERVER_INTERIM, sizeof first - 1) == 0;
    double interim_ms = (double)(load_now_ns() - started) / 1e6;
    check(ok && interim_ms < 250, "/interim/300 sends the interim heads at once (%.0f ms)",
          interim_ms);
    if (fd >= 0)
        close(fd);

    ok = exchange(port, "GET /drip/2 HTTP/1.1\r\nConnection: close\r\n\r\n", &got);
    body = body_of(&got, &len);
    check(ok && body && len == 19 && memcmp(body, "{\"path\":\"/drip/2\"}\n", 19) == 0 && got.reads > 50,
          "/drip/2 comes one byte at a time (%d reads for %zu bytes)", got.reads, got.len);
    bytes_free(&got);
}

static void check_connection_handling(struct http_test_server *server)
{
    int port = http_test_server_port(server);

    // Two pipelined requests in one write, then a third on the same connection later.
    static const char two[] = "GET /status/200 HTTP/1.1\r\nHost: x\r\n\r\n"
                              "POST /get HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
    static const char one_ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    static const char get[] = "HTTP/1.1 200 OK\r\nContent-Length: 16\r\nContent-Type: application/json\r\n\r\n"
                              "{\"path\":\"/get\"}\n";
    static const char last[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    int fd = load_connect(port);
    bool ok = fd >= 0 && load_send_all(fd, two, sizeof two - 1);
    // Wait for both answers before sending the third request.
    char buf[512];
    size_t have = 0;
    size_t want = sizeof one_ok - 1 + sizeof get - 1;
    while (ok && have < want) {
        ssize_t n = recv(fd, buf + have, sizeof buf - have, 0);
        ok = n > 0;
        have += ok ? (size_t)n : 0;
    }
    ok = ok && have == want && memcmp(buf, one_ok, sizeof one_ok - 1) == 0 &&
         memcmp(buf + sizeof one_ok - 1, get, sizeof get - 1) == 0;
    check(ok, "pipelined requests are answered in order, a request body is skipped");
    // The third request, one byte at a time.
    static const char third[] = "GET /status/200 HTTP/1.1\r\nConnection: close\r\n\r\n";
    for (size_t i = 0; ok && i < sizeof third - 1; i++) {
        ok = load_send_all(fd, third + i, 1);
        struct timespec pause = {.tv_nsec = 200000};
        nanosleep(&pause, NULL);
    }
    struct bytes got = {0};
    ok = ok && read_to_eof(fd, &got, 2000) && bytes_equal(&got, last, sizeof last - 1);
    check(ok, "a request sent one byte at a time on a kept-alive connection is answered, then closed");
    bytes_free(&got);
    if (fd >= 0)
        close(fd);

    // /never: no answer within 200 ms, while another connection is served.
    fd = load_connect(port);
    ok = fd >= 0 && load_send_all(fd, "GET /never HTTP/1.1\r\n\r\n", 23);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int64_t start = load_now_ns();
    check_exact(port, "another connection is served while /never waits",
                "GET /status/200 HTTP/1.1\r\nConnection: close\r\n\r\n", last, sizeof last - 1);
    int ready = poll(&p, 1, 200);
    check(ok && ready == 0, "/never does not answer within 200 ms (poll: %d after %.0f ms)", ready,
          (double)(load_now_ns() - start) / 1e6);
    if (fd >= 0)
        close(fd);

    // A slow reader of a large body: the server waits for room (EPOLLOUT) and serves others.
    // (10^7 bytes: more than the kernel buffers on both sides hold; a tiny SO_RCVBUF instead
    // makes loopback TCP crawl.)
    fd = load_connect(port);
    static const char big[] = "GET /bytes/10000000 HTTP/1.1\r\nConnection: close\r\n\r\n";
    ok = fd >= 0 && load_send_all(fd, big, sizeof big - 1);
    struct timespec pause = {.tv_nsec = 20 * 1000000};
    nanosleep(&pause, NULL); // the server has filled the socket buffers by now
    CHECK_EXACT(port, "another connection is served while a large body waits for a slow reader",
                "GET /status/200 HTTP/1.1\r\nConnection: close\r\n\r\n", last);
    got = (struct bytes){0};
    while (ok) {
        char chunk[16384];
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            break;
        if (got.cap - got.len < (size_t)n) {
            got.cap = 2 * got.cap + (size_t)n;
            char *data = realloc(got.data, got.cap);
            if (!data)
                break;
            got.data = data;
        }
        memcpy(got.data + got.len, chunk, (size_t)n);
        got.len += (size_t)n;
        struct timespec nap = {.tv_nsec = 100000};
        nanosleep(&nap, NULL);
    }
    size_t len = 0;
    char *body = body_of(&got, &len);
    check(ok && body && len == 10000000 && pattern_matches(body, len, 0),
          "a slow reader gets all of /bytes/10000000 (got %zu)", len);
    bytes_free(&got);
    if (fd >= 0)
        close(fd);

    // A request head over HTTP_TEST_SERVER_MAX_HEAD bytes is malformed.
    char huge[HTTP_TEST_SERVER_MAX_HEAD + 64];
    snprintf(huge, sizeof huge, "GET /get HTTP/1.1\r\nX-Long: %0*d\r\n\r\n", HTTP_TEST_SERVER_MAX_HEAD, 0);
    got = (struct bytes){0};
    ok = exchange(port, huge, &got);
    check(ok && got.len > 25 && memcmp(got.data, "HTTP/1.1 400 Bad Request\r\n", 26) == 0,
          "a request head over HTTP_TEST_SERVER_MAX_HEAD bytes gets 400");
    bytes_free(&got);

    // A refused port refuses.
    fd = load_connect(http_test_server_refused_port(server));
    check(fd < 0 && errno == ECONNREFUSED, "the refused port refuses connections (%s)", strerror(errno));
    if (fd >= 0)
        close(fd);

    // Half-closing while a delay waits ends the connection at once.
    fd = load_connect(port);
    ok = fd >= 0 && load_send_all(fd, "GET /delay/3000 HTTP/1.1\r\n\r\n", 28);
    shutdown(fd, SHUT_WR);
    start = load_now_ns();
    got = (struct bytes){0};
    ok = ok && read_to_eof(fd, &got, 1000) && got.len == 0;
    check(ok, "a client that leaves during /delay/3000 is closed at once (%.0f ms)",
          (double)(load_now_ns() - start) / 1e6);
    bytes_free(&got);
    if (fd >= 0)
        close(fd);
}

// Entries of a /proc/<pid>/fd directory: the descriptors that process has open; -1 on error.
static int fd_count_in(const char *fd_dir)
{
    DIR *dir = opendir(fd_dir);
    if (!dir)
        return -1;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)))
        count += entry->d_name[0] != '.';
    closedir(dir);
    return count;
}

// Descriptors the server child has open (this process has no other children).
static int server_fd_count(void)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
    FILE *f = fopen(path, "r");
    int pid = 0;
    if (!f)
        return -1;
    if (fscanf(f, "%d", &pid) != 1)
        pid = 0;
    fclose(f);
    if (pid <= 0)
        return -1;
    snprintf(path, sizeof path, "/proc/%d/fd", pid);
    return fd_count_in(path);
}

static void raise_fd_limit(void)
{
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
}

// ASYNC_TIME_SCALE (the sanitizer build sets 2) stretches the upper time bound, as in the labs.
static double time_scale(void)
{
    const char *text = getenv("ASYNC_TIME_SCALE");
    double scale = text ? atof(text) : 1;
    return scale >= 0.1 && scale <= 100 ? scale : 1;
}

// A client that keeps `width` connections, and replaces one at a time (close, then connect),
// is never seen with more than `width` open.
static void check_replaced_connections(struct http_test_server *server, int width)
{
    static const char request[] = "GET /status/200 HTTP/1.1\r\n\r\n";
    static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    int port = http_test_server_port(server);
    int fds[16] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
    bool ok = width <= 16 && http_test_server_wait_idle(server, 2000) == 0;
    http_test_server_reset_counters(server);
    // Every connection is used before it is closed: one the server has not accepted yet would
    // still be in its accept queue, and counted, when the server accepts the next.
    for (int round = 0; ok && round < 300 + width; round++) {
        int i = round % width;
        if (round >= width)
            close(fds[i]);
        fds[i] = load_connect(port);
        char buf[64];
        ok = fds[i] >= 0 && load_send_all(fds[i], request, sizeof request - 1) &&
             recv(fds[i], buf, sizeof answer - 1, MSG_WAITALL) == sizeof answer - 1 &&
             memcmp(buf, answer, sizeof answer - 1) == 0;
    }
    for (int i = 0; i < 16; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    check(ok && http_test_server_max_concurrent(server) == width,
          "replacing one of %d connections 300 times never shows more than %d (max %ld)", width, width,
          http_test_server_max_concurrent(server));
}

static void check_load(struct http_test_server *server)
{
    http_test_server_wait_idle(server, 2000);
    int baseline = server_fd_count();
    http_test_server_reset_counters(server);
    struct load_result load;
    load_sequential_connects(http_test_server_port(server), 2000, 200, &load);
    int64_t total = load.total_ns;
    check(load.answered == 2000, "2000 concurrent /delay/200 are all answered (%d)", load.answered);
    int64_t limit = (int64_t)(2e9 * time_scale());
    check(total >= 200000000 && total < limit, "2000 concurrent /delay/200 take 200 ms to %.0f ms (%.0f ms)",
          (double)limit / 1e6, (double)total / 1e6);
    check(http_test_server_max_concurrent(server) == 2000 && http_test_server_accepted(server) == 2000 &&
              http_test_server_requests(server) == 2000,
          "the counters saw 2000 at once, 2000 accepted, 2000 requests (%ld, %ld, %ld)",
          http_test_server_max_concurrent(server), http_test_server_accepted(server),
          http_test_server_requests(server));
    check(http_test_server_wait_idle(server, 2000) == 0, "the server closes all 2000 when the client does");
    int after = server_fd_count();
    check(baseline > 0 && after == baseline, "the server holds as many descriptors as before (%d, then %d)",
          baseline, after);
}

// Descriptors this process has open.
static int own_fd_count(void)
{
    return fd_count_in("/proc/self/fd");
}

// The benches' spinning server serves like the others and still keeps its timers; a spin out
// of range is refused.
static void check_spinning(void)
{
    errno = 0;
    check(http_test_server_start_spinning(-1) == NULL && errno == EINVAL, "a negative spin is refused (EINVAL)");
    struct http_test_server *server = http_test_server_start_spinning(100);
    check(server != NULL, "http_test_server_start_spinning(100)%s%s", server ? "" : ": ",
          server ? "" : strerror(errno));
    if (!server)
        return;
    int port = http_test_server_port(server);
    CHECK_EXACT(port, "a spinning server answers /get", "GET /get HTTP/1.1\r\nConnection: close\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 16\r\nContent-Type: application/json\r\n"
                "Connection: close\r\n\r\n{\"path\":\"/get\"}\n");
    int64_t start = load_now_ns();
    CHECK_EXACT(port, "a spinning server answers /delay/30", "GET /delay/30 HTTP/1.0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 16\r\nContent-Type: application/json\r\n"
                "Connection: close\r\n\r\n{\"delay_ms\":30}\n");
    double took_ms = (double)(load_now_ns() - start) / 1e6;
    check(took_ms >= 30, "a spinning server's /delay/30 is never early (%.1f ms)", took_ms);
    http_test_server_stop(server);
}

static int run_selftest(void)
{
    raise_fd_limit();
    int fds_before = own_fd_count();
    struct http_test_server *server = http_test_server_start();
    check(server != NULL, "http_test_server_start%s%s", server ? "" : ": ", server ? "" : strerror(errno));
    if (!server)
        return 1;
    check(http_test_server_port(server) > 0, "it listens on port %d", http_test_server_port(server));
    check(own_fd_count() == fds_before, "the test keeps no descriptor of the server's (%d, then %d)", fds_before,
          own_fd_count());
    check_routes(server);
    check_connection_handling(server);
    check(http_test_server_wait_idle(server, 3000) == 0, "every connection is closed after the route checks");
    check(http_test_server_bad_requests(server) == 3, "three bad requests were counted (%ld)",
          http_test_server_bad_requests(server));
    check_replaced_connections(server, 1);
    check_replaced_connections(server, 10);
    check_load(server);
    http_test_server_stop(server);
    check_spinning();
    check(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, "stop leaves no child behind");
    printf("%s\n", failures ? "FAILED" : "all passed");
    return failures ? 1 : 0;
}

// --spin US: the runner's servers poll this long before sleeping.
static int spin_us;

static int run_load(int n, int ms, bool burst)
{
    raise_fd_limit();
    struct http_test_server *server = http_test_server_start_spinning(spin_us);
    if (!server) {
        perror("http_test_server_start");
        return 1;
    }
    struct load_result load;
    int64_t cpu = cpu_ns(RUSAGE_SELF);
    if (burst)
        load_burst(http_test_server_port(server), n, ms, &load);
    else
        load_sequential_connects(http_test_server_port(server), n, ms, &load);
    cpu = cpu_ns(RUSAGE_SELF) - cpu;
    long max = http_test_server_max_concurrent(server);
    http_test_server_stop(server);
    printf("%s %d x /delay/%d: %d answered, %d failed, in %.1f ms; client CPU %.1f ms; "
           "server CPU %.1f ms (its whole life); max concurrent %ld\n",
           burst ? "burst" : "load", n, ms, load.answered, load.failed, (double)load.total_ns / 1e6,
           (double)cpu / 1e6, (double)cpu_ns(RUSAGE_CHILDREN) / 1e6, max);
    return load.answered == n ? 0 : 1;
}

static int run_serve(void)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigprocmask(SIG_BLOCK, &stop, NULL); // before the fork: the server child unblocks nothing it needs
    struct http_test_server *server = http_test_server_start_spinning(spin_us);
    if (!server) {
        perror("http_test_server_start");
        return 1;
    }
    printf("%d\n", http_test_server_port(server));
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    http_test_server_stop(server);
    return 0;
}

int main(int argc, char **argv)
{
    const char *program = argv[0];
    if (argc >= 3 && strcmp(argv[1], "--spin") == 0) {
        char *end;
        long us = strtol(argv[2], &end, 10);
        if (*argv[2] == '\0' || *end != '\0' || us < 0 || us > 10000) {
            fprintf(stderr, "%s: --spin takes microseconds, 0 to 10000, not '%s'\n", program, argv[2]);
            return 2;
        }
        spin_us = (int)us;
        argc -= 2;
        argv += 2;
        if (argc == 1)
            argc = 0; // --spin alone is not the self-test
    }
    if (argc == 2 && strcmp(argv[1], "--serve") == 0)
        return run_serve();
    if ((argc == 3 || argc == 4) && (strcmp(argv[1], "--load") == 0 || strcmp(argv[1], "--burst") == 0))
        return run_load(atoi(argv[2]), argc == 4 ? atoi(argv[3]) : 200, strcmp(argv[1], "--burst") == 0);
    if (argc == 1)
        return run_selftest();
    fprintf(stderr, "usage: %s [--spin US] [--serve | --load N [MS] | --burst N [MS]]\n", program);
    return 2;
}
