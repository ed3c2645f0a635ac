// gen: Python's generator protocol (send, next, close, yield from) on
// stackless coroutines.
//
// A generator is a body function plus a frame. The frame is a struct the caller
// allocates that holds everything the body must remember between two sends - its
// "local variables". The body itself keeps nothing on the C stack across a yield: to
// yield it records where it stopped (a resume point) and returns; the next send calls
// it again and it jumps straight back there. CPython does the same, with its frames on
// the heap; C needs the macros below to do the jump.
//
// Writing a body:
//
//     struct count_frame { int64_t i, n; };              // the locals live here
//
//     enum gen_status count_body(struct gen *g, struct value sent, struct value *out)
//     {
//         struct count_frame *f = g->frame;
//         GEN_BEGIN;
//         for (f->i = 0; f->i < f->n; f->i++)
//             GEN_YIELD(value_int(f->i)); // after it, `sent` holds what was sent
//         GEN_RETURN(value_none());
//         GEN_END;
//     }
//
//     struct count_frame frame = {.n = 3};
//     struct gen g;
//     gen_init(&g, count_body, &frame);
//
// The limits of the trick (they are the price of having no stack of our own):
//   - The macros use the body's parameters by name: keep them called g, sent and out.
//   - Locals do not survive a yield. Anything needed after a GEN_YIELD lives in the
//     frame (f->i above, never a plain `int i`); the compiler will not warn you.
//   - GEN_BEGIN opens a switch on the resume point and every yield adds a case label
//     to it. So: no GEN_YIELD inside a switch statement of your own (its case labels
//     would capture the jump), and at most one GEN_YIELD / GEN_YIELD_FROM per source
//     line (the label is the line number; two on one line are a compile error,
//     "duplicate case value").
//   - Only the body can yield, not a function it calls: to suspend inside a helper,
//     make the helper a generator too and GEN_YIELD_FROM it. (Lab 07's stackful
//     coroutines lift this.)
#ifndef GEN_H
#define GEN_H

#include "value.h"

// [gen_types]
// What one step of a generator produced. gen_send returns the first three; the fourth
// passes only from a body to gen_send.
enum gen_status {
    GEN_YIELDED,   // *out holds the yielded value; the generator is suspended
    GEN_RETURNED,  // *out holds the return value (Python's
                   // StopIteration.value); it is closed
    GEN_ERROR,     // nothing was resumed, or the body failed: see gen->error
    GEN_DELEGATING // the body started a `yield from` of gen->inner (GEN_YIELD_FROM)
};

// Python's inspect.getgeneratorstate() names.
enum gen_state {
    GEN_CREATED,   // never sent to: only None may be sent
    GEN_SUSPENDED, // stopped at a yield, waiting for the next send
    GEN_RUNNING,   // inside gen_send: the body (or a generator it delegates
                   // to) is executing
    GEN_CLOSED,    // returned, failed or closed: every later send is an error
};

// Why gen_send or gen_close reported an error, and the Python exception it stands for.
enum gen_error {
    GEN_OK,              // no error yet
    GEN_ERR_NOT_STARTED, // TypeError: can't send non-None value to a
                         // just-started generator
    GEN_ERR_EXHAUSTED,   // StopIteration: it has already returned,
                         // failed or been closed
    GEN_ERR_RUNNING,     // ValueError: generator already executing
    GEN_ERR_RAISED,      // the body raised (GEN_RAISE): *out holds what it raised
};

struct gen;

// A generator body: runs from its resume point to the next yield, return or raise.
typedef enum gen_status gen_body_fn(struct gen *g, struct value sent,
                                    struct value *out);

// Every field is the generator's own business except frame, which the body reads.
// The struct is public so generators can be embedded in other structs (lab 04's
// tasks) without malloc.
struct gen {
    gen_body_fn *body;
    void *frame;          // the body's locals; owned by whoever called gen_init
    int resume;           // the resume point: 0 before the first send, else a __LINE__
    enum gen_state state;
    enum gen_error error; // why the last failed gen_send or gen_close failed
    struct gen *inner;    // the generator a GEN_YIELD_FROM delegates to, or NULL
};
// [/gen_types]

// [gen_functions]
// Makes g a new generator (state GEN_CREATED) that will run body with frame.
// Allocates nothing; frame must outlive g's use, and any argument the body needs must
// already be in it.
void gen_init(struct gen *g, gen_body_fn *body, void *frame);

// Python's g.send(sent): resumes g, makes the pending yield evaluate to sent, and runs
// it to its next yield (GEN_YIELDED, *out = the yielded value) or to its end
// (GEN_RETURNED, *out = the return value). While g delegates to an inner generator
// (yield from), the value goes to the inner one instead, and what the inner one yields
// comes out here. GEN_ERROR, where Python raises: sent is not None and g has never run
// (GEN_ERR_NOT_STARTED, g stays startable); g is closed (GEN_ERR_EXHAUSTED); g is
// already running - a body sending to itself or to the generator delegating to it
// (GEN_ERR_RUNNING); the body raised, or an inner generator failed (its error, and
// *out = what it raised). After an error raised inside the body g is closed. *out is
// always written: None when there is nothing to report.
enum gen_status gen_send(struct gen *g, struct value sent, struct value *out);

// Python's next(g): gen_send(g, None, out).
enum gen_status gen_next(struct gen *g, struct value *out);

// Python's g.close(): g becomes GEN_CLOSED without running any more of its body,
// and so does the generator it delegates to. Closing a closed generator does
// nothing. Returns 0, or -EBUSY (and g->error = GEN_ERR_RUNNING) when g, or the
// generator it delegates to, is running (it is left as it was).
int gen_close(struct gen *g);

// The status's name, e.g. "GEN_YIELDED", for messages. Never NULL.
const char *gen_status_name(enum gen_status status);

// The text of the Python exception an error stands for, e.g. "ValueError: generator
// already executing". Never NULL.
const char *gen_error_message(enum gen_error error);
// [/gen_functions]

// ---- macros for writing a body (see the limits at the top) -------------------------

// [gen_macros]
// Opens the body: jumps to where the last send stopped. The first statement
// after the frame.
#define GEN_BEGIN          \
    (void)sent;            \
    switch (g->resume) {   \
    case 0:

// Python's `yield v`: hands v to the caller of gen_send and suspends here. When the
// next send resumes the body, execution continues after the macro with `sent`
// holding the sent value.
#define GEN_YIELD(v)                \
    do {                            \
        g->resume = __LINE__;       \
        *out = (v);                 \
        return GEN_YIELDED;         \
    case __LINE__:;                 \
    } while (0)

// Python's `result = yield from inner` (and, in lab 04, `result = await inner`): runs
// the generator *inner_gen until it returns, passing what it yields out to our caller
// and what our caller sends in to it; then stores its return value in the lvalue
// result (keep it in the frame) and carries on. The forwarding itself is done by
// gen_send; the body only hands over the inner generator and says where to resume. If
// the inner generator fails, so does this one.
#define GEN_YIELD_FROM(inner_gen, result)  \
    do {                                   \
        g->inner = (inner_gen);            \
        g->resume = __LINE__;              \
        return GEN_DELEGATING;             \
    case __LINE__:                         \
        (result) = sent;                   \
    } while (0)

// Python's `return v`: the generator finishes, and v becomes StopIteration.value.
#define GEN_RETURN(v)          \
    do {                       \
        *out = (v);            \
        return GEN_RETURNED;   \
    } while (0)

// Python's `raise`: the generator finishes with GEN_ERROR, and v (what went wrong, the
// body's choice) reaches the caller in *out.
#define GEN_RAISE(v)         \
    do {                     \
        *out = (v);          \
        return GEN_ERROR;    \
    } while (0)

// Closes the body. Falling off the end returns None, as in Python.
#define GEN_END            \
    }                      \
    *out = value_none();   \
    return GEN_RETURNED
// [/gen_macros]

#endif
