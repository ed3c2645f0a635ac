// delay_server: a tiny HTTP server the demos start when they are given no URL, so
// that they run anywhere without a network. GET /delay/<ms> is answered after <ms>
// milliseconds with {"delay_ms":<ms>}; anything else at once with {}. One child
// process per connection, which sleeps and answers and closes the connection:
// plain, and plenty for a demo's hundred connections. (The tests use the sturdier
// server in test/lib/.)
#ifndef DELAY_SERVER_H
#define DELAY_SERVER_H

#include <sys/types.h>

struct delay_server {
    pid_t pid;
    int port;
};

// Forks the server, listening on 127.0.0.1 and a free port. It ends itself after a
// minute at the latest. Returns 0, or a negative errno.
int delay_server_start(struct delay_server *server);

// Stops the server and waits for it.
void delay_server_stop(struct delay_server *server);

#endif
