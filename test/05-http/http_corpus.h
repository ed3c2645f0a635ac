// The corpus: responses, well-formed and malformed, that lab 05's parser must handle exactly
// as libhttp-parser does (same status, body, keep-alive and bytes used; both reject the bad).
#ifndef HTTP_CORPUS_H
#define HTTP_CORPUS_H

#include <stdbool.h>
#include <stddef.h>

#include "http_response.h"

struct corpus_entry {
    const char *name;
    const char *text;
    size_t len;
    bool head;                          // a response to a HEAD request
    enum http_response_result expect;   // COMPLETE, or the error our parser must report
};

// The number of entries, and entry i (texts built once, on the first call).
size_t corpus_size(void);
const struct corpus_entry *corpus_entry(size_t i);

// Where our parser departs from libhttp-parser on purpose: what it must return, and why.
// (libhttp-parser gives another answer: it accepts what we reject, the reverse, or reads a
// body where there is none.)
struct corpus_difference {
    const char *name;
    const char *text;
    enum http_response_result ours;
    const char *why;
};

size_t corpus_difference_count(void);
const struct corpus_difference *corpus_difference(size_t i);

#endif
