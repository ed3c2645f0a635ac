// http_blocking: the baseline - a GET with a plain blocking socket, as urllib does it.
//
// One request, one connection: connect, send, then read and parse until the response
// is complete, and close. While it waits, the whole program waits with it; N of them
// one after another take N times as long as one. Compare http_fetch.
#ifndef HTTP_BLOCKING_H
#define HTTP_BLOCKING_H

#include <stdint.h>

#include "http_request.h"

// Fetches url into *reply (cleared first). Each connect, send and receive gives up
// after timeout_ns (-1: never). Returns the status, or -reply->error (the same kinds
// of errors as http_fetch, with a message in reply->message).
int http_blocking_get(const char *url, int64_t timeout_ns, struct http_reply *reply);

#endif
