#include "http_reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void http_reply_clear(struct http_reply *reply)
{
    free(reply->body);
    *reply = (struct http_reply){0};
}

int http_reply_fail(struct http_reply *reply, int error, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vsnprintf(reply->message, sizeof reply->message, fmt, args);
    va_end(args);
    reply->error = error;
    return -error;
}
