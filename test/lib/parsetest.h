// parsetest: what the parser tests of labs 05 (responses) and 06 (requests) share. Both
// compare a lab's parser with libhttp-parser on a corpus, fed whole, a byte at a time and
// in two slices; these are the pieces that do not depend on what is parsed.
//
// No libhttp-parser here: every lab's tests link test/lib, and only labs 05 and 06 link
// the library.
#ifndef PARSETEST_H
#define PARSETEST_H

#include <stdbool.h>
#include <stddef.h>

// Appends len bytes at `at` to *buf, a malloc'd buffer (or NULL) of *buf_len bytes: how
// an oracle collects a body that libhttp-parser's on_body hands over in pieces. 0, or -1
// when out of memory (then *buf and *buf_len are as they were).
int parsetest_append(char **buf, size_t *buf_len, const char *at, size_t len);

// The cuts that feed a text of len bytes one byte at a time: 1, 2, ..., len - 1, in a
// malloc'd array of len entries (the last one unused), or NULL when out of memory.
size_t *parsetest_every_byte(size_t len);

// N in a parser's error message that says "... at byte N", or -1 when it says no byte.
long long parsetest_error_byte(const char *message);

// Whether a parser's error message, for a text of len bytes, says what was wrong and
// where: "at byte N" with N at most len, and a few words besides.
bool parsetest_names_a_byte(const char *message, size_t len);

#endif
