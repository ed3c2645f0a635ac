// http_address: from a URL's host and port to the address connect() needs.
#ifndef HTTP_ADDRESS_H
#define HTTP_ADDRESS_H

#include <netinet/in.h>
#include <stdint.h>

// Fills *addr with host's IPv4 address and port. A dotted address is converted at
// once; a name is looked up with getaddrinfo, which blocks (aiohttp runs that lookup
// in a thread; the labs only ever use 127.0.0.1). Returns 0, or -EHOSTUNREACH when
// the name has no IPv4 address.
int http_address_resolve(const char *host, uint16_t port, struct sockaddr_in *addr);

#endif
