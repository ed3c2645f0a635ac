#include "http_session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "reactor.h"

int http_session_init(struct http_session *s, struct loop *loop, size_t limit,
                      int64_t timeout_ns)
{
    if (reactor_of(loop) == NULL)
        return -EINVAL;
    *s = (struct http_session){.loop = loop, .timeout_ns = timeout_ns, .limit = limit};
    async_semaphore_init(&s->slots, loop, limit ? limit : SIZE_MAX);
    return 0;
}

int http_session_close(struct http_session *s)
{
    while (s->idle != NULL) {
        struct http_conn *conn = s->idle;
        s->idle = conn->next;
        http_session_discard(s, conn);
    }
    if (s->open > 0)
        return -EBUSY;
    return 0;
}

// An idle connection should have nothing to read: no response is owed on it. A peek
// that does not wait finds the FIN of a server whose keep-alive timeout ran out (recv
// returns 0), a reset, or stray bytes; each makes the connection useless for the next
// request. Only EAGAIN means "still open and quiet". A FIN still on its way is not
// seen: the fetch's one retry covers that case.
static bool idle_conn_is_usable(const struct http_conn *conn)
{
    char byte;
    ssize_t n = recv(conn->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

struct http_conn *http_session_take_idle(struct http_session *s, const char *host,
                                         uint16_t port)
{
    struct http_conn **p = &s->idle;
    while (*p != NULL) {
        struct http_conn *conn = *p;
        if (conn->port != port || strcmp(conn->host, host) != 0) {
            p = &conn->next;
            continue;
        }
        *p = conn->next;
        conn->next = NULL;
        if (idle_conn_is_usable(conn))
            return conn;
        s->dropped++;
        http_session_discard(s, conn);
    }
    return NULL;
}

void http_session_make_room(struct http_session *s)
{
    if (s->limit > 0 && s->open >= s->limit && s->idle != NULL) {
        struct http_conn **last = &s->idle;
        while ((*last)->next != NULL)
            last = &(*last)->next;
        struct http_conn *oldest = *last;
        *last = NULL;
        http_session_discard(s, oldest);
    }
}

struct http_conn *http_session_adopt(struct http_session *s, int fd, const char *host,
                                     uint16_t port)
{
    struct http_conn *conn = malloc(sizeof *conn);
    if (conn == NULL) {
        close(fd);
        return NULL;
    }
    conn->fd = fd;
    conn->port = port;
    snprintf(conn->host, sizeof conn->host, "%s", host);
    conn->next = NULL;
    conn->requests = 0;
    http_response_parser_init(&conn->parser, false);
    s->open++;
    s->connects++;
    return conn;
}

void http_session_put_idle(struct http_session *s, struct http_conn *conn)
{
    conn->next = s->idle;
    s->idle = conn;
}

void http_session_discard(struct http_session *s, struct http_conn *conn)
{
    if (conn == NULL)
        return;
    close(conn->fd);
    http_response_parser_free(&conn->parser);
    free(conn);
    s->open--;
}
