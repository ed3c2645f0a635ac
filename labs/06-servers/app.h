// app: the web application, written twice with the same routes and the same answers -
// once as a plain function for the blocking and threaded servers (Python's WSGI: the
// handler blocks, and its sleeps run one after another), once as a coroutine for the
// event-loop server (ASGI: the handler awaits, and /work gathers its sleeps).
//
//     GET /       200 "Hello, world!\n"
//     GET /sleep  200 after one sleep of d
//     GET /work   200 after ten sleeps of d: ten d in a row when blocking, about d
//                 when gathered
//     anything else 404
#ifndef APP_H
#define APP_H

#include <stddef.h>
#include <stdint.h>

#include "coro_task.h"
#include "gather.h"
#include "request_parser.h"

#define APP_WORK_SLEEPS 10

struct app {
    int64_t d_ms; // the sleep every I/O wait of the handlers stands for
};

// What a handler answers: a status and a body (static text; the server adds the head).
struct app_response {
    int status;
    const char *body;
    size_t body_len;
};

// WSGI style: runs the route named by req's target, blocking the calling thread while
// it sleeps, and fills resp. Returns 0, or a negative errno (the server answers 500).
int app_handle_blocking(const struct app *app, const struct request *req,
                        struct app_response *resp);

// [app_async_frame]
// ASGI style: the same routes as a coroutine (AWAIT_CORO it from a task). Returns
// value_int(0) with resp filled, or value_int(-error) (-ECANCELED when cancelled).
struct app_async_frame {
    struct loop *loop;
    const struct app *app;
    const struct request *req;
    struct app_response *resp;
    struct coro_task *sleeps[APP_WORK_SLEEPS]; // /work's sleeps, run as tasks
    struct gather *gather;                     // and the gather that waits for them
    struct value result;
    int error;
    int route;
    int i;
};
// [/app_async_frame]
enum gen_status app_handle_async(struct gen *g, struct value sent, struct value *out);
void app_handle_async_init(struct gen *g, struct app_async_frame *f, struct loop *loop,
                           const struct app *app,
                           const struct request *req, struct app_response *resp);

#endif
