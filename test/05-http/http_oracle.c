// libhttp-parser (Debian's libhttp-parser-dev) as the oracle for lab 05's parser.
#include <http_parser.h>
#include <stdio.h>

#include "http_outcome.h"
#include "parsetest.h"

struct oracle_state {
    struct http_outcome *out;
    bool head, complete;
};

static int on_headers_complete(http_parser *parser)
{
    struct oracle_state *st = parser->data;
    return st->head ? 1 : 0; // 1: "this response has no body", the way to parse a HEAD reply
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
    st->out->status = (int)parser->status_code;
    st->out->keep_alive = http_should_keep_alive(parser) != 0;
    http_parser_pause(parser, 1); // stop here: what follows belongs to the next response
    return 0;
}

void oracle_parse(const char *text, size_t len, bool head, struct http_outcome *out)
{
    *out = (struct http_outcome){0};
    struct oracle_state st = {.out = out, .head = head};
    http_parser_settings settings;
    http_parser_settings_init(&settings);
    settings.on_headers_complete = on_headers_complete;
    settings.on_body = on_body;
    settings.on_message_complete = on_message_complete;
    http_parser parser;
    http_parser_init(&parser, HTTP_RESPONSE);
    parser.data = &st;

    size_t used = http_parser_execute(&parser, &settings, text, len);
    if (!st.complete && HTTP_PARSER_ERRNO(&parser) == HPE_OK)
        http_parser_execute(&parser, &settings, NULL, 0); // the peer closed
    enum http_errno err = HTTP_PARSER_ERRNO(&parser);
    if (st.complete) {
        out->accepted = true;
        out->consumed = used;
    } else if (err != HPE_OK) {
        snprintf(out->error, sizeof out->error, "%s (%s) at byte %zu", http_errno_name(err),
                 http_errno_description(err), used);
    } else {
        snprintf(out->error, sizeof out->error, "incomplete at the end of input, without an error");
    }
}
