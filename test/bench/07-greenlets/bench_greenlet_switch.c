// bench_greenlet_switch: the cost of one switch - greenlet_switch from main into a greenlet
// that switches straight back, halved - beside the same ping-pong on ucontext's swapcontext,
// in the same run. Prints `greenlet_switch_ns` and `ucontext_switch_ns` (medians).
// Python's twin is greenlet_switch.py (python3-greenlet).
//
// A third figure says how much of a greenlet switch is the switch proper: `context_swap_ns`,
// the same ping-pong on the bare context swap under it (greenlet_context_swap: registers and
// stack pointer, without the greenlet's state, checks and delivery). A fourth,
// `sigprocmask_ns`, is the one system call swapcontext makes on every switch, made alone.
//
// Time is this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not the wall clock: the loops
// never wait, so on an idle machine the two agree, while on a shared one the wall clock also
// counts the time other processes held the CPU (at load 11 here the wall clock said 48 ns a
// switch where the CPU time said 17). swapcontext's system call is CPU time too, billed as
// system time.
#define _DEFAULT_SOURCE // ucontext's functions
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>

#include <time.h>

#include "bench_measure.h"
#include "greenlet.h"
#include "greenlet_context.h"

enum { SWITCHES = 5 * 1000 * 1000, UC_SWITCHES = 500 * 1000, RUNS = 7 };

static struct greenlet *main_g;

static int64_t cpu_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int bounce(void *arg, void **result)
{
    (void)result;
    for (;;)
        greenlet_switch(main_g, arg, &arg);
    return 0;
}

static ucontext_t uc_main, uc_other;
static char uc_stack[64 * 1024];

static void uc_bounce(void)
{
    for (;;)
        swapcontext(&uc_other, &uc_main);
}

// The bare swap: main's context and one other, on a stack of its own.
static struct greenlet_context ctx_main, ctx_other;
static char ctx_stack[64 * 1024];

static void ctx_bounce(void *passed)
{
    for (;;)
        passed = greenlet_context_swap(&ctx_other, &ctx_main, passed);
}

// ns a switch since start, for n round trips (two switches each).
static double per_switch(int64_t start, int n)
{
    return (double)(cpu_now_ns() - start) / (2.0 * n);
}

int main(void)
{
    // Each loop is written out: a call through a pointer would be timed with it.
    main_g = greenlet_current();
    struct greenlet *g = greenlet_new(bounce, NULL);
    if (g == NULL)
        return 1;
    double greenlet_ns[RUNS], ucontext_ns[RUNS], swap_ns[RUNS], sigprocmask_ns[RUNS];
    intptr_t check = 0;
    for (int run = 0; run < RUNS; run++) {
        int64_t start = cpu_now_ns();
        for (intptr_t i = 0; i < SWITCHES; i++) {
            void *back;
            greenlet_switch(g, (void *)i, &back);
            check += (intptr_t)back;
        }
        greenlet_ns[run] = per_switch(start, SWITCHES);
    }
    getcontext(&uc_other);
    uc_other.uc_stack.ss_sp = uc_stack;
    uc_other.uc_stack.ss_size = sizeof uc_stack;
    makecontext(&uc_other, uc_bounce, 0);
    for (int run = 0; run < RUNS; run++) {
        int64_t start = cpu_now_ns();
        for (int i = 0; i < UC_SWITCHES; i++)
            swapcontext(&uc_main, &uc_other);
        ucontext_ns[run] = per_switch(start, UC_SWITCHES);
    }
    greenlet_context_make(&ctx_other, ctx_stack, sizeof ctx_stack, ctx_bounce);
    for (int run = 0; run < RUNS; run++) {
        int64_t start = cpu_now_ns();
        for (int i = 0; i < SWITCHES; i++)
            greenlet_context_swap(&ctx_main, &ctx_other, NULL);
        swap_ns[run] = per_switch(start, SWITCHES);
    }
    sigset_t mask;
    sigprocmask(SIG_SETMASK, NULL, &mask);
    for (int run = 0; run < RUNS; run++) {
        int64_t start = cpu_now_ns();
        for (int i = 0; i < UC_SWITCHES; i++)
            sigprocmask(SIG_SETMASK, &mask, NULL); // as swapcontext does, mask unchanged
        sigprocmask_ns[run] = (double)(cpu_now_ns() - start) / UC_SWITCHES;
    }
    fprintf(stderr, "bench_greenlet_switch: %d runs of %d round trips (check %jd)\n", RUNS, SWITCHES,
            (intmax_t)check);
    printf("greenlet_switch_ns %.2f\n", bench_median(greenlet_ns, RUNS));
    printf("ucontext_switch_ns %.2f\n", bench_median(ucontext_ns, RUNS));
    printf("context_swap_ns %.2f\n", bench_median(swap_ns, RUNS));
    printf("sigprocmask_ns %.2f\n", bench_median(sigprocmask_ns, RUNS));
    greenlet_free(g);
    return 0;
}
