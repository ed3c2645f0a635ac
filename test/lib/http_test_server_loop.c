// http_test_server, the event loop of the server child: epoll (edge-triggered on connections),
// a min-heap of connection deadlines for /delay, /drip and lingering closes, and a list of
// connections that used up their turn's write budget.
//
// Invariant of the edge-triggered design: conn_advance() stops touching a socket only when a
// read or write returned EAGAIN (epoll will report the next edge) or when the connection's own
// state blocks it (then the change of state, a timer or the ready list, calls it again).
#define _GNU_SOURCE
#include "http_test_server_internal.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

// Bytes one connection may send per turn before the others get theirs.
#define TURN_BUDGET (1 << 20)
// How long a closing connection waits for the client's close after the server's.
#define LINGER_NS (2 * 1000000000LL)
// How long accepting pauses when the process runs out of descriptors.
#define ACCEPT_PAUSE_NS (20 * 1000000LL)

struct loop {
    int epoll_fd, listen_fd;
    struct hts_counters *counters;
    struct hts_conn **heap; // ordered by deadline_ns
    size_t heap_len, heap_cap;
    struct hts_conn *ready; // connections whose turn ended on the budget, not on EAGAIN
    int64_t accept_resume_ns; // 0: accepting
    int64_t spin_ns;          // how long to poll without sleeping before each sleep; 0: never
};

// ---- the deadline heap ---------------------------------------------------------------------

static void heap_place(struct loop *loop, size_t i, struct hts_conn *conn)
{
    loop->heap[i] = conn;
    conn->heap_index = i;
}

static void heap_sift_up(struct loop *loop, size_t i)
{
    struct hts_conn *conn = loop->heap[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (loop->heap[parent]->deadline_ns <= conn->deadline_ns)
            break;
        heap_place(loop, i, loop->heap[parent]);
        i = parent;
    }
    heap_place(loop, i, conn);
}

static void heap_sift_down(struct loop *loop, size_t i)
{
    struct hts_conn *conn = loop->heap[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= loop->heap_len)
            break;
        if (child + 1 < loop->heap_len && loop->heap[child + 1]->deadline_ns < loop->heap[child]->deadline_ns)
            child++;
        if (conn->deadline_ns <= loop->heap[child]->deadline_ns)
            break;
        heap_place(loop, i, loop->heap[child]);
        i = child;
    }
    heap_place(loop, i, conn);
}

static int heap_push(struct loop *loop, struct hts_conn *conn)
{
    if (loop->heap_len == loop->heap_cap) {
        size_t cap = loop->heap_cap ? 2 * loop->heap_cap : 256;
        struct hts_conn **heap = realloc(loop->heap, cap * sizeof *heap);
        if (!heap)
            return -1;
        loop->heap = heap;
        loop->heap_cap = cap;
    }
    loop->heap[loop->heap_len++] = conn;
    heap_sift_up(loop, loop->heap_len - 1);
    return 0;
}

static void heap_remove(struct loop *loop, struct hts_conn *conn)
{
    size_t i = conn->heap_index;
    if (i == HTS_NOT_IN_HEAP)
        return;
    conn->heap_index = HTS_NOT_IN_HEAP;
    struct hts_conn *last = loop->heap[--loop->heap_len];
    if (last == conn)
        return;
    heap_place(loop, i, last);
    heap_sift_up(loop, i);
    heap_sift_down(loop, last->heap_index);
}

// ---- connections ---------------------------------------------------------------------------

static void conn_close(struct loop *loop, struct hts_conn *conn)
{
    heap_remove(loop, conn);
    close(conn->fd); // also removes it from the epoll set
    conn->fd = -1;   // a closed connection on the ready list is freed there
    atomic_fetch_sub(&loop->counters->current, 1);
    if (!conn->in_ready_list)
        free(conn);
}

// Reads into the input buffer while it has room. Returns 1 if it read something, 0 on
// EAGAIN or a full buffer, -1 on EOF or error (the connection is done).
static int conn_read(struct hts_conn *conn)
{
    if (conn->in_len == HTS_IN_SIZE)
        return 0;
    ssize_t n = recv(conn->fd, conn->in + conn->in_len, HTS_IN_SIZE - conn->in_len, 0);
    if (n > 0) {
        conn->in_len += (size_t)n;
        return 1;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return 0;
    return -1;
}

// Reads and drops everything. Returns 0 on EAGAIN, -1 on EOF or error.
static int conn_drop_input(struct hts_conn *conn)
{
    for (;;) {
        conn->in_len = 0;
        int r = conn_read(conn);
        if (r <= 0)
            return r;
    }
}

enum send_result { SENT, SEND_AGAIN, SEND_BUDGET, SEND_FAILED };

// Sends what the response has left, at most *budget bytes. A /drip response sends one byte.
static enum send_result conn_send(struct hts_conn *conn, size_t *budget)
{
    for (;;) {
        const void *bytes;
        size_t len;
        if (conn->out_sent < conn->out_len) {
            bytes = conn->out + conn->out_sent;
            len = conn->out_len - conn->out_sent;
            if (conn->drip_ns)
                len = 1;
        } else if (conn->piece_left > 0) {
            bytes = hts_pattern() + conn->body_offset % 251;
            len = HTS_PATTERN_SIZE - 251;
            if (len > conn->piece_left)
                len = (size_t)conn->piece_left;
        } else {
            conn->out_len = conn->out_sent = 0;
            if (!hts_response_refill(conn))
                return SENT;
            continue;
        }
        if (*budget == 0)
            return SEND_BUDGET;
        if (len > *budget)
            len = *budget;
        ssize_t n = send(conn->fd, bytes, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno == EAGAIN || errno == EWOULDBLOCK ? SEND_AGAIN : SEND_FAILED;
        }
        *budget -= (size_t)n;
        if (conn->out_sent < conn->out_len) {
            conn->out_sent += (size_t)n;
            if (conn->drip_ns && conn->out_sent < conn->out_len)
                return SEND_AGAIN; // the caller holds until the next byte is due
        } else {
            conn->piece_left -= (size_t)n;
            conn->body_offset += (size_t)n;
        }
    }
}

static void ready_push(struct loop *loop, struct hts_conn *conn)
{
    if (conn->in_ready_list)
        return;
    conn->in_ready_list = true;
    conn->next_ready = loop->ready;
    loop->ready = conn;
}

// Holds the connection until deadline_ns; a failure to grow the heap closes it.
static bool conn_hold(struct loop *loop, struct hts_conn *conn, enum hts_phase phase)
{
    conn->phase = phase;
    if (heap_push(loop, conn) < 0) {
        conn_close(loop, conn);
        return false;
    }
    return true;
}

// Moves the connection as far as it can go without blocking (see the invariant at the top).
static void conn_advance(struct loop *loop, struct hts_conn *conn)
{
    size_t budget = TURN_BUDGET;
    for (;;) {
        int r;
        switch (conn->phase) {
        case HTS_READING:
            switch (hts_request_take(conn, hts_now_ns())) {
            case HTS_TAKEN:
                atomic_fetch_add(&loop->counters->requests, 1);
                if (conn->phase == HTS_HOLDING && !conn_hold(loop, conn, HTS_HOLDING))
                    return;
                continue;
            case HTS_TAKEN_BAD:
                atomic_fetch_add(&loop->counters->bad_requests, 1);
                continue;
            case HTS_TAKEN_CLOSE:
                atomic_fetch_add(&loop->counters->requests, 1);
                conn_close(loop, conn);
                return;
            case HTS_NEED_MORE:
                break;
            }
            r = conn_read(conn);
            if (r < 0) {
                conn_close(loop, conn);
                return;
            }
            if (r == 0)
                return;
            continue;
        case HTS_HOLDING:
            // Keep reading (pipelined requests wait in the buffer) to notice a client that leaves.
            r = conn_read(conn);
            if (r < 0) {
                conn_close(loop, conn);
                return;
            }
            if (r == 0)
                return;
            continue;
        case HTS_NEVER:
            if (conn_drop_input(conn) < 0)
                conn_close(loop, conn);
            return;
        case HTS_WRITING:
            switch (conn_send(conn, &budget)) {
            case SENT:
                if (conn->stall_after) {
                    conn->phase = HTS_NEVER; // /stall-mid-body: the rest never comes
                } else if (conn->close_after) {
                    shutdown(conn->fd, SHUT_WR);
                    conn->deadline_ns = hts_now_ns() + LINGER_NS;
                    if (!conn_hold(loop, conn, HTS_DRAINING))
                        return;
                } else {
                    conn->phase = HTS_READING;
                }
                continue;
            case SEND_AGAIN:
                if (conn->drip_ns && conn->out_sent < conn->out_len) {
                    conn->deadline_ns = hts_now_ns() + conn->drip_ns;
                    conn_hold(loop, conn, HTS_HOLDING);
                }
                return;
            case SEND_BUDGET:
                ready_push(loop, conn);
                return;
            case SEND_FAILED:
                conn_close(loop, conn);
                return;
            }
            return;
        case HTS_DRAINING:
            if (conn_drop_input(conn) < 0)
                conn_close(loop, conn);
            return;
        }
    }
}

// A deadline passed: a held response goes out, a lingering close ends.
static void conn_deadline(struct loop *loop, struct hts_conn *conn)
{
    if (conn->phase == HTS_DRAINING) {
        conn_close(loop, conn);
        return;
    }
    conn->phase = HTS_WRITING;
    conn_advance(loop, conn);
}

// ---- accepting -----------------------------------------------------------------------------

static void note_connection(struct hts_counters *counters)
{
    atomic_fetch_add(&counters->accepted, 1);
    long now = atomic_fetch_add(&counters->current, 1) + 1;
    long max = atomic_load(&counters->max_concurrent);
    while (now > max && !atomic_compare_exchange_weak(&counters->max_concurrent, &max, now)) {
    }
}

static void accept_pause(struct loop *loop)
{
    struct epoll_event event = {.events = 0, .data.ptr = NULL};
    epoll_ctl(loop->epoll_fd, EPOLL_CTL_MOD, loop->listen_fd, &event);
    loop->accept_resume_ns = hts_now_ns() + ACCEPT_PAUSE_NS;
}

static void accept_resume(struct loop *loop)
{
    struct epoll_event event = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(loop->epoll_fd, EPOLL_CTL_MOD, loop->listen_fd, &event);
    loop->accept_resume_ns = 0;
}

// Accepts until the backlog is empty. Out of descriptors or memory: pause accepting briefly
// rather than spin on a listening socket that stays readable.
static void accept_all(struct loop *loop)
{
    for (;;) {
        int fd = accept4(loop->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                accept_pause(loop);
            return;
        }
        struct hts_conn *conn = calloc(1, sizeof *conn);
        if (!conn) {
            close(fd);
            accept_pause(loop);
            return;
        }
        conn->fd = fd;
        conn->phase = HTS_READING;
        conn->heap_index = HTS_NOT_IN_HEAP;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct epoll_event event = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = conn};
        if (epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, fd, &event) < 0) {
            close(fd);
            free(conn);
            accept_pause(loop);
            return;
        }
        note_connection(loop->counters);
        // Readiness at the time of EPOLL_CTL_ADD is reported, so the request is not missed.
    }
}

// ---- the loop ------------------------------------------------------------------------------

// Milliseconds epoll_wait may sleep: until the nearest deadline, rounded up (never early).
static int wait_timeout_ms(const struct loop *loop, int64_t now_ns)
{
    if (loop->ready)
        return 0;
    int64_t next = -1;
    if (loop->heap_len > 0)
        next = loop->heap[0]->deadline_ns;
    if (loop->accept_resume_ns && (next < 0 || loop->accept_resume_ns < next))
        next = loop->accept_resume_ns;
    if (next < 0)
        return -1;
    if (next <= now_ns)
        return 0;
    int64_t ms = (next - now_ns + 999999) / 1000000;
    return ms > 60000 ? 60000 : (int)ms;
}

// Waits for events until the nearest deadline. With spin_ns, first polls without sleeping for
// up to spin_ns (never past the nearest deadline or the end of an accept pause): a burst of
// connections then finds the server awake, and nobody pays for waking it (see
// http_test_server_start_spinning).
static int wait_for_events(struct loop *loop, struct epoll_event *events, int max)
{
    int64_t now = hts_now_ns();
    if (loop->spin_ns > 0 && wait_timeout_ms(loop, now) != 0) {
        int64_t until = now + loop->spin_ns;
        if (loop->heap_len > 0 && loop->heap[0]->deadline_ns < until)
            until = loop->heap[0]->deadline_ns;
        if (loop->accept_resume_ns && loop->accept_resume_ns < until)
            until = loop->accept_resume_ns;
        do {
            int n = epoll_wait(loop->epoll_fd, events, max, 0);
            if (n != 0)
                return n;
        } while (hts_now_ns() < until);
        now = hts_now_ns();
    }
    return epoll_wait(loop->epoll_fd, events, max, wait_timeout_ms(loop, now));
}

static void run_ready(struct loop *loop)
{
    struct hts_conn *list = loop->ready;
    loop->ready = NULL;
    while (list) {
        struct hts_conn *conn = list;
        list = conn->next_ready;
        conn->in_ready_list = false;
        if (conn->fd < 0)
            free(conn);
        else
            conn_advance(loop, conn);
    }
}

_Noreturn void hts_serve(int listen_fd, struct hts_counters *counters, int64_t spin_ns)
{
    struct loop loop = {.listen_fd = listen_fd, .counters = counters, .spin_ns = spin_ns};
    loop.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event event = {.events = EPOLLIN, .data.ptr = NULL};
    if (loop.epoll_fd < 0 || epoll_ctl(loop.epoll_fd, EPOLL_CTL_ADD, listen_fd, &event) < 0)
        _exit(1);
    hts_pattern(); // fill it now, not during the first large response

    struct epoll_event events[512];
    for (;;) {
        int n = wait_for_events(&loop, events, 512);
        if (n < 0 && errno != EINTR)
            _exit(1);
        // Connections first, new ones after: a client that closes one connection and opens
        // another must not be seen with both open (the limit tests read max_concurrent).
        bool listen_ready = false;
        for (int i = 0; i < n; i++) {
            struct hts_conn *conn = events[i].data.ptr;
            if (!conn)
                listen_ready = true;
            else if (events[i].events & EPOLLERR)
                conn_close(&loop, conn);
            else
                conn_advance(&loop, conn);
        }
        if (listen_ready)
            accept_all(&loop);
        int64_t now = hts_now_ns();
        while (loop.heap_len > 0 && loop.heap[0]->deadline_ns <= now) {
            struct hts_conn *conn = loop.heap[0];
            heap_remove(&loop, conn);
            conn_deadline(&loop, conn);
        }
        if (loop.accept_resume_ns && loop.accept_resume_ns <= now)
            accept_resume(&loop);
        run_ready(&loop);
    }
}
