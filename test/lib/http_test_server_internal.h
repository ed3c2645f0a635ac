// http_test_server internals: what the process wrapper (http_test_server.c), the event loop
// (http_test_server_loop.c) and the HTTP side (http_test_server_http.c) share. Tests include
// http_test_server.h only.
#ifndef HTTP_TEST_SERVER_INTERNAL_H
#define HTTP_TEST_SERVER_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http_test_server.h"

// Lives in an anonymous MAP_SHARED mapping: the server child writes, the test reads.
struct hts_counters {
    atomic_long current;
    atomic_long max_concurrent;
    atomic_long accepted;
    atomic_long requests;
    atomic_long bad_requests;
};

// Runs the server on listen_fd (non-blocking, listening) until the process is killed. With
// spin_ns > 0 the loop polls without sleeping for up to spin_ns before each sleep (see
// http_test_server_start_spinning).
_Noreturn void hts_serve(int listen_fd, struct hts_counters *counters, int64_t spin_ns);

// What a connection is doing. Memory per connection is fixed: sizeof(struct hts_conn).
enum hts_phase {
    HTS_READING,  // waiting for (the rest of) a request head in `in`
    HTS_HOLDING,  // a response is ready but waits for deadline_ns (/delay, /drip)
    HTS_NEVER,    // /never: reads and drops input until the client closes
    HTS_WRITING,  // sending `out`, then the body the response describes
    HTS_DRAINING, // sent a final response, shut down writing; drops input until EOF
};

#define HTS_IN_SIZE HTTP_TEST_SERVER_MAX_HEAD
#define HTS_OUT_SIZE 1024

struct hts_conn {
    int fd;
    enum hts_phase phase;
    bool close_after;  // the response in progress is the connection's last
    bool head_only;    // HEAD: the response's body parts are skipped
    bool close_on_next_request; // /close-on-next-request was answered: the next request
                                // closes the connection unanswered
    int64_t drip_ns;   // /drip: pause between bytes of `out`, else 0
    bool stall_after;  // /stall-mid-body: once the response is sent, answer nothing more
    int64_t deadline_ns;
    size_t heap_index; // position in the loop's timer heap, or HTS_NOT_IN_HEAP
    bool in_ready_list;
    struct hts_conn *next_ready;
    uint64_t skip;     // bytes of a request body still to drop from the input

    // The response: `out` (head, small bodies, chunk framing) goes first; then piece_left
    // bytes of the pattern (byte i = i % 251) starting at body_offset. When both are sent,
    // hts_response_refill produces the next ones from stream_left / chunked.
    size_t out_len, out_sent;
    uint64_t piece_left, body_offset;
    uint64_t stream_left;   // pattern bytes of the body not yet handed to piece_left
    bool chunked;           // stream_left goes out as chunks
    bool chunk_open;        // a chunk's data was sent: its CRLF is owed
    bool stream_done;       // the stream (with its last chunk) is fully produced
    unsigned chunk_index;

    size_t in_len;
    char in[HTS_IN_SIZE];
    char out[HTS_OUT_SIZE];
};

#define HTS_NOT_IN_HEAP ((size_t)-1)

enum hts_take {
    HTS_NEED_MORE,   // no complete request head in `in` yet
    HTS_TAKEN,       // a request was consumed; its response is set up and phase updated
    HTS_TAKEN_BAD,   // a malformed request: a 400 with close_after is set up
    HTS_TAKEN_CLOSE, // a request that must not be answered: close the connection now
};

// Parses one request from conn->in (dropping its bytes), sets up the response and the phase
// (WRITING, HOLDING with deadline_ns, or NEVER).
enum hts_take hts_request_take(struct hts_conn *conn, int64_t now_ns);

// Called when `out` and the piece are both sent: produces the next part of the body.
// Returns false when the response is complete.
bool hts_response_refill(struct hts_conn *conn);

// The pattern bytes sent from: HTS_PATTERN_SIZE bytes, byte i = i % 251, so a run of up to
// HTS_PATTERN_SIZE - 251 bytes starting at any body offset o is hts_pattern + o % 251.
#define HTS_PATTERN_SIZE (251 * 65)
extern const unsigned char *hts_pattern(void);

int64_t hts_now_ns(void);

#endif
