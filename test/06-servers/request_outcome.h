// What parsing one request produced, by the lab's parser or by the oracle
// (libhttp-parser in request mode), in a form the two can be compared in.
#ifndef REQUEST_OUTCOME_H
#define REQUEST_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>

struct request_outcome {
    int result;        // 1: a complete request; else a negative errno (the oracle: -EBADMSG)
    char method[16];
    char target[256];
    int version_minor;
    char *body;        // malloc'd copy (NULL when empty)
    size_t body_len;
    bool keep_alive;
    size_t consumed;   // bytes of the input that belonged to the request
    char error[256];   // why it was rejected, for messages
};

void request_outcome_free(struct request_outcome *o);

// libhttp-parser on the whole of text.
void request_oracle_parse(const char *text, size_t len, struct request_outcome *out);

// The lab's parser on text, fed in slices that end at each of cuts[0..ncuts)
// (increasing, inside (0, len)) and at len.
void request_ours_parse(const char *text, size_t len, const size_t *cuts, size_t ncuts,
                        struct request_outcome *out);

// NULL when the two agree (both reject, or both accept with the same method, target,
// version, body, keep-alive and bytes used), or a message (a static buffer) naming the
// first difference.
const char *request_outcome_diff(const struct request_outcome *ours,
                                 const struct request_outcome *oracle);

#endif
