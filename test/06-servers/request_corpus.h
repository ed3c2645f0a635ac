// The requests the parser is tested on: well-formed ones, malformed ones (400), and
// those over a limit or beyond what the server implements (431, 413, 501).
#ifndef REQUEST_CORPUS_H
#define REQUEST_CORPUS_H

#include <stdbool.h>
#include <stddef.h>

struct request_corpus_entry {
    const char *name;
    const char *text;
    size_t len;       // 0 in the table: strlen(text)
    int expect;       // REQUEST_COMPLETE, or the negative errno request_parse returns
    bool oracle;      // compared with libhttp-parser (false: the server's own limits
                      // and choices, which libhttp-parser does not make)
};

size_t request_corpus_size(void);
const struct request_corpus_entry *request_corpus_entry(size_t i);

#endif
