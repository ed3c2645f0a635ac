// http_test_server: a local HTTP/1.1 server for the tests, benches and figures of lab 05.
//
// It runs in a child process (so the client's CPU time, read with getrusage by the tests, never
// includes the server's), single-threaded on epoll, on 127.0.0.1 and a free port. It is
// independent of student code and stays solid under 10^4 concurrent connections.
//
//     struct http_test_server *server = http_test_server_start();
//     cr_assert(server, "could not start the test server: %s", strerror(errno));
//     int port = http_test_server_port(server);
//     ... connect to 127.0.0.1:port, GET /delay/100 ...
//     cr_assert_eq(http_test_server_max_concurrent(server), 10);
//     http_test_server_stop(server);
//
// Outside the tests (benches, figure scripts), test/http_test_server/selftest.c built as a
// program runs it standalone: `--serve` prints the port and serves until killed (see its top).
//
// The parent keeps no file descriptor open between start and stop (only a shared mapping), so
// a test can count its descriptors before and after a client run. The child dies with the
// process that started it (PR_SET_PDEATHSIG), so a crashed test leaves no server behind.
//
// ## Routes
//
// Every response is HTTP/1.1. Unless noted, it carries `Content-Length` and the headers
//     HTTP/1.1 <code> <reason>\r\n
//     Content-Length: <n>\r\n
//     Content-Type: <type>\r\n
//     Connection: close\r\n              (only when the server closes after this response)
//     \r\n
// Connections are kept alive: requests may follow each other, or be pipelined, on one
// connection and are answered in order. The server closes after a response when the request
// said `Connection: close`, or was HTTP/1.0 without `Connection: keep-alive`. The path is
// matched without its query (`/get?x=1` is `/get`); <n>, <ms>, <code> are decimal digits.
// Any method is accepted and treated as GET, except that a HEAD request gets the same head and
// no body.
//
//   /get             200, application/json, body `{"path":"<target>"}\n` where
//                    <target> is the request target as sent, query included ('"' and '\' are
//                    escaped with '\'). GET /get gives `{"path":"/get"}\n` (16 bytes).
//   /delay/<ms>      200, application/json, body `{"delay_ms":<ms>}\n`, sent <ms> milliseconds
//                    (never earlier) after the request arrived; 0 <= ms <= 600000. Timers live in
//                    a heap: 10^4 delayed requests at once are fine.
//   /bytes/<n>       200, application/octet-stream, n bytes: byte i is (i % 251)
//                    (HTTP_TEST_SERVER_BYTE(i)); 0 <= n <= 10^12, generated as it is sent.
//   /chunked         200, text/plain, `Transfer-Encoding: chunked` (no Content-Length); the body
//                    on the wire is exactly HTTP_TEST_SERVER_CHUNKED_WIRE below: a chunk with an
//                    extension, a chunk size in upper-case hex, and a trailer field. Decoded, it
//                    is HTTP_TEST_SERVER_CHUNKED_BODY.
//   /chunked/<n>     200, application/octet-stream, chunked, no extensions or trailers: the same
//                    n bytes as /bytes/<n>, cut into chunks whose sizes cycle through
//                    HTTP_TEST_SERVER_CHUNK_SIZES (the last one cut short), sizes in lower-case
//                    hex, then `0\r\n\r\n`.
//   /status/<code>   <code> with a standard reason phrase (or "Unknown"), empty body,
//                    `Content-Length: 0` (none for 204 and 304); 200 <= code <= 599.
//   /never           reads the request and never answers; the connection stays open until the
//                    client closes it.
//   /close-mid-body  200, application/octet-stream, `Content-Length: 1000`, then only the first
//                    500 bytes of the /bytes pattern, then the server closes the connection.
//   /stall-mid-body  200, application/octet-stream, `Content-Length: 1000`, then only the first
//                    500 bytes of the /bytes pattern; the connection then stays open and the
//                    server sends nothing more on it, nor answers a request that follows: a
//                    response a client that times out has not read to its end.
//   /garbage         HTTP_TEST_SERVER_GARBAGE (not an HTTP response), then the server closes.
//   /close-after-response
//                    the /get response for the target, with nothing that says the connection
//                    ends (no `Connection: close`), then the server closes the connection: as a
//                    server whose keep-alive timeout runs out the moment the connection is idle.
//                    A client that keeps the connection for its next request finds it closed:
//                    that request is read and dropped, never answered.
//   /close-on-next-request, /close-on-next-request/<ms>
//                    the /get response for the target, kept alive (sent <ms> milliseconds
//                    after the request, as /delay does, when given); the connection then stays
//                    open and quiet, but the next request on it is read and never answered:
//                    the server closes the connection. A
//                    pooled connection that looks alive and is not, as when the server's
//                    keep-alive timeout runs out while the request is on its way.
//   /interim/<ms>    HTTP_TEST_SERVER_INTERIM (a 100 Continue and a 103 Early Hints), then the
//                    /get response for the target, kept alive. With ms == 0 all of it goes in
//                    one write; else the final response follows <ms> ms later (ms <= 10000).
//   /drip/<ms>       the /get response for "/drip/<ms>", written one byte at a time with <ms>
//                    milliseconds between bytes (1 <= ms <= 10000): a response split across
//                    as many reads as it has bytes.
//   anything else    404 Not Found, text/plain, body `Not Found\n`; also for a route whose
//                    number is missing or out of range (`/delay/x`, `/status/99`).
//
// A malformed request (a bad request line, a header line without ':', a request head over
// HTTP_TEST_SERVER_MAX_HEAD bytes, Transfer-Encoding in a request) gets
// 400 Bad Request, text/plain, body `Bad Request\n`, with `Connection: close`, and the server
// closes. A request body announced by Content-Length is read and ignored.
//
// A client that closes (or half-closes) its side while its request waits (/delay, /never,
// /drip, /stall-mid-body) is taken as gone: the server closes the connection at once. After a
// response that ends a connection, the server shuts its sending side down, reads what is left
// until the client closes (at most 2 s), then closes.
#ifndef HTTP_TEST_SERVER_H
#define HTTP_TEST_SERVER_H

// Byte i of every generated body (/bytes, /chunked/<n>, /close-mid-body).
#define HTTP_TEST_SERVER_BYTE(i) ((unsigned char)((i) % 251))

// The body of /chunked on the wire (after the response head), and decoded.
#define HTTP_TEST_SERVER_CHUNKED_WIRE                                                   \
    "7;name=value\r\nHello, \r\n"                                                       \
    "1A\r\nabcdefghijklmnopqrstuvwxyz\r\n"                                              \
    "8\r\n world!\n\r\n"                                                                \
    "0\r\nX-Trailer: done\r\n\r\n"
#define HTTP_TEST_SERVER_CHUNKED_BODY "Hello, abcdefghijklmnopqrstuvwxyz world!\n"

// The sizes of the chunks of /chunked/<n>, in order, repeated.
#define HTTP_TEST_SERVER_CHUNK_SIZES {1, 7, 100, 251, 4096, 30000}

// What /garbage sends before closing: no status line, and a NUL byte.
#define HTTP_TEST_SERVER_GARBAGE "SSH-2.0-not-http\r\n\x01\x02\x00garbage\r\n\r\n"

// What /interim/<ms> sends before its final response: two interim responses.
#define HTTP_TEST_SERVER_INTERIM                                                        \
    "HTTP/1.1 100 Continue\r\n\r\n"                                                   \
    "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"

// The largest request head (request line and headers) the server accepts.
#define HTTP_TEST_SERVER_MAX_HEAD 4096

struct http_test_server;

// Forks the server and returns once it listens on 127.0.0.1 (backlog SOMAXCONN or 4096).
// Returns NULL and sets errno if it could not (fork, pipe, mmap, socket errors).
struct http_test_server *http_test_server_start(void);

// The same, with a server that, before each sleep in epoll_wait, polls without sleeping for up
// to spin_us microseconds (0..10000; EINVAL otherwise). For benchmarks only, where it keeps
// the cost of waking the server out of the client's figures. Over loopback the kernel does the
// receiving end's work in the sender's system call, waking the receiver included; on a virtual
// machine waking a process that sleeps on another CPU takes an interrupt between CPUs, which
// lab 05's bench measured at about 7 us per connection, billed to the client's connect and
// send. A server that is still awake when the next packet comes is not woken. The spin costs
// the server at most spin_us of CPU each time it runs out of work: keep it off in tests.
struct http_test_server *http_test_server_start_spinning(int spin_us);

// The TCP port the server listens on.
int http_test_server_port(const struct http_test_server *server);

// A port on 127.0.0.1 where a connection is refused: the server holds a socket bound to it
// that never listens, so no other process can take it while the server runs.
int http_test_server_refused_port(const struct http_test_server *server);

// Counters, shared with the server through memory; each read is one atomic load.
// A connection counts from the server's accept to the server's close. In each round of its
// loop the server handles the closes it has seen before it accepts, so a client that closes
// one connection and then opens another is not seen with both; but a connection the client
// opened and closed before the server accepted it is still accepted (and counted) once.
// Connections open now.
long http_test_server_current_connections(const struct http_test_server *server);
// The largest number of connections open at once since start or the last reset.
long http_test_server_max_concurrent(const struct http_test_server *server);
// Connections accepted since start or the last reset.
long http_test_server_accepted(const struct http_test_server *server);
// Well-formed requests received (on every route, /never included) since start or reset.
long http_test_server_requests(const struct http_test_server *server);
// Malformed requests answered with 400 since start or the last reset.
long http_test_server_bad_requests(const struct http_test_server *server);

// Zeroes accepted, requests and bad_requests, and sets max_concurrent to the connections
// open now. Call it once the previous part of the test has closed its connections (see
// http_test_server_wait_idle), or the maximum starts above zero.
void http_test_server_reset_counters(struct http_test_server *server);

// Waits until the server has no open connection: it notices a client's close within
// milliseconds. Returns 0, or -1 with errno ETIMEDOUT after timeout_ms.
int http_test_server_wait_idle(const struct http_test_server *server, int timeout_ms);

// Kills the server (SIGKILL), reaps it and frees everything. Accepts NULL.
void http_test_server_stop(struct http_test_server *server);

#endif
