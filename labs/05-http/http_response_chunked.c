// Chunked bodies: "5;name=value\r\nhello\r\n0\r\n\r\n". Each chunk is a hex size line
// (with optional extensions, which are ignored), that many bytes of data, and a CRLF;
// a chunk of size 0 ends the body and is followed by trailer lines and a blank line.
#include "http_response_steps.h"

#include <ctype.h>

// [chunk_size]
// p->line holds the size line without its CRLF: hex digits, optional spaces or
// tabs, then nothing or ";extensions". A size that does not fit in 63 bits is an
// error, not a wrap.
enum http_response_result http_response_chunk_size_line(struct http_response_parser *p)
{
    const char *s = p->line;
    // TODO(lab 05): read the hex digits of s into a uint64_t (fail with
    // HTTP_RESPONSE_BAD_CHUNK before a digit would push it past 2^63), skip spaces and
    // tabs, and require the end or a ';'. No digits at all is an error too ("-5",
    // "zz", ""). Set p->remaining; size 0 moves to HTTP_PARSE_TRAILER_LINE, any other
    // size to HTTP_PARSE_CHUNK_DATA.
    (void)s;
    return http_response_fail(p, HTTP_RESPONSE_BAD_CHUNK, p->line_start,
                              "chunk size not parsed yet");
}
// [/chunk_size]

// [chunk_end]
// After a chunk's data comes exactly CRLF; anything else means the size was wrong. The
// two bytes may arrive in different slices: p->chunk_end_cr remembers the CR.
enum http_response_result http_response_chunk_end(struct http_response_parser *p,
                                                  const char *data, size_t len,
                                                  size_t *used)
{
    *used = 0;
    // TODO(lab 05): take bytes one at a time (count them in *used): first a '\r'
    // (remember it in p->chunk_end_cr), then a '\n', which ends the chunk (state
    // HTTP_PARSE_CHUNK_SIZE, chunk_end_cr false again). Any other byte fails with
    // HTTP_RESPONSE_BAD_CHUNK at that byte (p->offset + its index).
    (void)data, (void)len;
    return http_response_fail(p, HTTP_RESPONSE_BAD_CHUNK, p->offset,
                              "chunk end not handled yet");
}
// [/chunk_end]
