#include "http_session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reactor.h"

int http_session_init(struct http_session *s, struct loop *loop, size_t limit, int64_t timeout_ns)
{
    if (reactor_of(loop) == NULL)
        return -1;
    *s = (struct http_session){.loop = loop, .timeout_ns = timeout_ns, .limit = limit};
    async_semaphore_init(&s->slots, loop, limit ? limit : SIZE_MAX);
    return 0;
}

int http_session_close(struct http_session *s)
{
    while (s->idle != NULL)
        http_session_discard(s, http_session_take_idle(s, s->idle->host, s->idle->port));
    if (s->open > 0) {
        errno = EBUSY;
        return -1;
    }
    return 0;
}

struct http_conn *http_session_take_idle(struct http_session *s, const char *host, uint16_t port)
{
    for (struct http_conn **p = &s->idle; *p != NULL; p = &(*p)->next) {
        struct http_conn *conn = *p;
        if (conn->port == port && strcmp(conn->host, host) == 0) {
            *p = conn->next;
            conn->next = NULL;
            return conn;
        }
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

struct http_conn *http_session_adopt(struct http_session *s, int fd, const char *host, uint16_t port)
{
    struct http_conn *conn = malloc(sizeof *conn);
    if (conn == NULL) {
        close(fd);
        errno = ENOMEM;
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
