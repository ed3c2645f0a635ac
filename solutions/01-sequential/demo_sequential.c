// demo_sequential: the C twin of sequential.py. Usage: demo_sequential [N [D_MS]]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "sequential.h"

// [main]
int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10;
    int64_t d_ms = argc > 2 ? atoll(argv[2]) : 100;
    if (n <= 0 || n > 1000 || d_ms < 0) {
        fprintf(stderr, "usage: %s [N (1..1000) [D_MS (>= 0)]]\n", argv[0]);
        return 2;
    }
    int64_t finish_ns[1000];
    int rc = run_sequential(n, d_ms, finish_ns);
    if (rc < 0) {
        fprintf(stderr, "run_sequential: %s\n", strerror(-rc));
        return 1;
    }
    for (int i = 0; i < n; i++)
        printf("Finish %d time: %.2f\n", i, (double)finish_ns[i] / NS_PER_S);
    printf("Total time: %.2f\n", (double)finish_ns[n - 1] / NS_PER_S);
    return 0;
}
// [/main]
