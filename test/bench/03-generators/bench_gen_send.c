// bench_gen_send: the cost of one send/yield round trip - gen_send into a suspended generator,
// its body resuming at the yield, and yielding again. Prints `gen_send_ns <median ns>`.
// Python's twin is gen_send.py. Build: gcc -O2 with solutions/03-generators and its deps.
#include <stdio.h>
#include <stdlib.h>

#include "bench_measure.h"
#include "clock.h"
#include "gen.h"

enum { SENDS = 10 * 1000 * 1000, RUNS = 7 };

// Python: def echo():
//             x = None
//             while True:
//                 x = yield x
struct echo_frame {
    int unused; // the echo needs no locals: what it yields is always the value just sent
};

static enum gen_status echo_body(struct gen *g, struct value sent, struct value *out)
{
    GEN_BEGIN;
    // `sent` is None at the start and then whatever the last send brought: yielding it is x = yield x.
    for (;;)
        GEN_YIELD(sent);
    GEN_END;
}

int main(void)
{
    struct echo_frame frame;
    struct gen g;
    struct value v;
    gen_init(&g, echo_body, &frame);
    if (gen_next(&g, &v) != GEN_YIELDED) {
        fprintf(stderr, "bench_gen_send: the generator did not start: %s\n", gen_error_message(g.error));
        return 1;
    }
    double per_send[RUNS];
    int64_t check = 0;
    for (int run = 0; run < RUNS; run++) {
        int64_t start = clock_now_ns();
        for (int64_t i = 0; i < SENDS; i++) {
            if (gen_send(&g, value_int(i), &v) != GEN_YIELDED)
                return 1;
            check += v.as.i; // uses the result, so the compiler cannot drop the work
        }
        per_send[run] = (double)(clock_now_ns() - start) / SENDS;
    }
    double median = bench_median(per_send, RUNS); // sorts per_send
    fprintf(stderr, "bench_gen_send: %d runs of %d sends, fastest %.2f ns, slowest %.2f ns (check %lld)\n", RUNS,
            SENDS, per_send[0], per_send[RUNS - 1], (long long)check);
    printf("gen_send_ns %.2f\n", median);
    return 0;
}
