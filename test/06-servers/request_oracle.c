// libhttp-parser (Debian's libhttp-parser-dev) in request mode: the oracle for the lab's
// request parser.
#include <errno.h>
#include <http_parser.h>
#include <stdio.h>
#include <string.h>

#include "parsetest.h"
#include "request_outcome.h"

struct oracle_state {
    struct request_outcome *out;
    size_t target_len;
    bool complete;
};

static int on_url(http_parser *parser, const char *at, size_t len)
{
    struct oracle_state *st = parser->data;
    size_t room = sizeof st->out->target - 1 - st->target_len;
    size_t n = len < room ? len : room;
    memcpy(st->out->target + st->target_len, at, n);
    st->target_len += n;
    st->out->target[st->target_len] = '\0';
    return 0;
}

static int on_body(http_parser *parser, const char *at, size_t len)
{
    struct oracle_state *st = parser->data;
    return parsetest_append(&st->out->body, &st->out->body_len, at, len);
}

static int on_message_complete(http_parser *parser)
{
    struct oracle_state *st = parser->data;
    st->complete = true;
    snprintf(st->out->method, sizeof st->out->method, "%s",
             http_method_str((enum http_method)parser->method));
    st->out->version_minor = parser->http_minor;
    st->out->keep_alive = http_should_keep_alive(parser) != 0;
    http_parser_pause(parser, 1); // what follows belongs to the next request
    return 0;
}

void request_oracle_parse(const char *text, size_t len, struct request_outcome *out)
{
    *out = (struct request_outcome){0};
    struct oracle_state st = {.out = out};
    http_parser_settings settings;
    http_parser_settings_init(&settings);
    settings.on_url = on_url;
    settings.on_body = on_body;
    settings.on_message_complete = on_message_complete;
    http_parser parser;
    http_parser_init(&parser, HTTP_REQUEST);
    parser.data = &st;

    size_t used = http_parser_execute(&parser, &settings, text, len);
    enum http_errno err = HTTP_PARSER_ERRNO(&parser);
    if (st.complete) {
        out->result = 1;
        out->consumed = used;
    } else {
        out->result = -EBADMSG;
        if (err != HPE_OK)
            snprintf(out->error, sizeof out->error, "%s (%s) at byte %zu",
                     http_errno_name(err), http_errno_description(err), used);
        else
            snprintf(out->error, sizeof out->error, "incomplete at the end of input");
    }
}
