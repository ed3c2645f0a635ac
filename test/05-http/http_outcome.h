// What parsing one response produced, by our parser or by the oracle (libhttp-parser), in a
// form the two can be compared in: accepted or not, status, body, keep-alive, bytes used.
#ifndef HTTP_OUTCOME_H
#define HTTP_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>

struct http_outcome {
    bool accepted;     // a complete response (after the peer closed, if it needed that)
    int status;
    char *body;        // malloc'd copy of the decoded body (NULL when empty)
    size_t body_len;
    bool keep_alive;
    size_t consumed;   // bytes of the input that belonged to the response
    char error[256];   // why it was rejected, for messages
};

void http_outcome_free(struct http_outcome *o);

// libhttp-parser on the whole of text, then the end of input if the response is not yet
// complete. head: a response to HEAD (on_headers_complete tells the oracle to skip the body).
void oracle_parse(const char *text, size_t len, bool head, struct http_outcome *out);

// Our parser on text, fed in slices that end at each of cuts[0..ncuts) (increasing, inside
// (0, len)) and at len, then http_response_finish if the response is not complete.
void ours_parse(const char *text, size_t len, bool head, const size_t *cuts, size_t ncuts, struct http_outcome *out);

// NULL when the two agree (both reject, or both accept with the same status, body,
// keep-alive and bytes used), or a message (a static buffer) naming the first difference.
const char *http_outcome_diff(const struct http_outcome *ours, const struct http_outcome *oracle);

#endif
