// greenlet_stack: every greenlet has a stack of its own, deep enough for real work, with a
// guard page below it that turns an overflow into a clear message; a thread that ends gives
// back every stack its greenlets used, and the handler's.
#define _DEFAULT_SOURCE // dprintf's friends: fdopen, getline
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "greenlet.h"
#include "labtest.h"

LAB_SUITE(greenlet_stack, 10);

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static volatile int stop_at = -1; // never reached: keeps the compiler from proving anything

// Uses about 1 KiB of stack per level; returns a checksum that needs every frame.
static long recurse(int depth)
{
    volatile char pad[1024];
    pad[0] = (char)depth;
    pad[sizeof pad - 1] = (char)(depth >> 8);
    if (depth == 0 || depth == stop_at)
        return pad[0];
    return recurse(depth - 1) + pad[0] + pad[sizeof pad - 1];
}

static int deep(void *arg, void **result)
{
    *result = (void *)recurse((int)(intptr_t)arg);
    return 0;
}

Test(greenlet_stack, a_greenlet_can_use_100_kib_of_stack)
{
    long expected = recurse(100);
    struct greenlet *g = greenlet_new(deep, NULL);
    cr_assert(g != NULL, "greenlet_new failed: %s", strerror(errno));
    cr_assert(g->stack.size >= GREENLET_STACK_DEFAULT,
              "greenlet_new gave a stack of %zu bytes; GREENLET_STACK_DEFAULT is %d", g->stack.size,
              GREENLET_STACK_DEFAULT);
    void *got = NULL;
    int rc = greenlet_switch(g, (void *)(intptr_t)100, &got);
    cr_assert(rc == 0 && (long)(intptr_t)got == expected,
              "a recursion 100 levels of 1 KiB deep inside a greenlet returned %s and %ld; on the main "
              "stack it gives %ld", error_name(rc), (long)(intptr_t)got, expected);
    greenlet_free(g);
}

// Reads /proc/self/maps for the mapping that starts at `at`; its permissions in perms.
static int mapping_at(const void *at, char perms[5])
{
    FILE *maps = fopen("/proc/self/maps", "r");
    cr_assert(maps != NULL, "cannot read /proc/self/maps: %s", strerror(errno));
    char line[512];
    int found = 0;
    while (!found && fgets(line, sizeof line, maps)) {
        uintptr_t lo, hi;
        if (sscanf(line, "%jx-%jx %4s", (uintmax_t *)&lo, (uintmax_t *)&hi, perms) == 3 && lo == (uintptr_t)at)
            found = 1;
    }
    fclose(maps);
    return found;
}

Test(greenlet_stack, a_stack_is_a_mapping_with_a_guard_page_below_it)
{
    struct greenlet_stack s;
    memset(&s, 0, sizeof s);
    int rc = greenlet_stack_new(&s, 10000);
    cr_assert(rc == 0, "greenlet_stack_new returned %s", error_name(rc));
    long page = sysconf(_SC_PAGESIZE);
    cr_assert(s.size >= 10000 && s.size % (size_t)page == 0,
              "a stack of 10000 bytes came back with size %zu: round up to whole pages", s.size);
    cr_assert((char *)s.lo - (char *)s.guard == page,
              "the guard page must lie right below the stack: guard %p, lo %p", s.guard, s.lo);
    memset(s.lo, 0x5a, s.size); // all of it is writable
    char perms[5];
    cr_assert(mapping_at(s.guard, perms) && strncmp(perms, "---", 3) == 0,
              "the guard page at %p is not a PROT_NONE mapping (see mprotect in greenlet_stack_new)",
              s.guard);
    greenlet_stack_free(&s);
}

static int runaway(void *arg, void **result)
{
    (void)arg;
    *result = (void *)recurse(1 << 30);
    return 0;
}

// Runs the runaway greenlet in a child process; returns its status and its stderr in *text.
static int run_runaway(char *text, size_t cap)
{
    int out[2];
    cr_assert(pipe(out) == 0, "pipe failed");
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0, "fork failed: %s", strerror(errno));
    if (pid == 0) {
        dup2(out[1], STDERR_FILENO);
        struct greenlet *g = greenlet_new_named("runaway", runaway, NULL, 64 * 1024);
        if (g != NULL)
            greenlet_switch(g, NULL, NULL);
        _exit(g == NULL ? 3 : 0);
    }
    close(out[1]);
    size_t len = 0;
    ssize_t n;
    while (len + 1 < cap && (n = read(out[0], text + len, cap - 1 - len)) > 0)
        len += (size_t)n;
    text[len] = '\0';
    close(out[0]);
    int status;
    waitpid(pid, &status, 0);
    return status;
}

Test(greenlet_stack, an_endless_recursion_ends_the_process_with_a_message_naming_the_greenlet)
{
    static char text[16384];
    int status = run_runaway(text, sizeof text);
    const char *expected = "greenlet runaway overflowed its stack of 65536 bytes";
#ifdef UNDER_ASAN
    // ASan may report first, with its own words: that is a clear message too.
    if (strstr(text, "AddressSanitizer") && strstr(text, "stack-overflow"))
        return;
#endif
    cr_assert(strstr(text, expected) != NULL,
              "a greenlet \"runaway\" with a 64 KiB stack recursed without end; its process should say "
              "\"%s\" on stderr (the SIGSEGV handler in greenlet_overflow.c, on its alternate stack), "
              "but it printed:\n%.2000s", expected, text);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
              "after the message the process should end with SIGSEGV (the default action); it ended "
              "with status %#x", status);
}

enum { THREADS = 16, GREENLETS_A_THREAD = 3, LEAK_LIMIT = THREADS * 4096 };

// What one short-lived thread did, and the stacks it left to be unmapped when it ended.
struct thread_work {
    int ran;                          // greenlets that ran to their end
    int error;                        // errno of a greenlet_new that failed, or 0
    void *stacks[GREENLETS_A_THREAD]; // their stacks, given back to the thread's cache
    stack_t alt;                      // the alternate signal stack it ended with
};

static int touch_and_return(void *arg, void **result)
{
    volatile char frame[8192]; // a few pages deep, as a real greenlet's work would go
    frame[0] = frame[sizeof frame - 1] = 1;
    *result = arg;
    return 0;
}

// Makes a few greenlets, runs each to its end and frees them all: their stacks go to the
// thread's cache, to be unmapped when the thread ends.
static void *run_a_few_greenlets(void *arg)
{
    struct thread_work *w = arg;
    struct greenlet *g[GREENLETS_A_THREAD] = {0};
    for (int i = 0; i < GREENLETS_A_THREAD && w->error == 0; i++) {
        g[i] = greenlet_new(touch_and_return, NULL);
        if (g[i] == NULL) {
            w->error = errno;
            break;
        }
        void *back = NULL;
        w->ran += greenlet_switch(g[i], g[i], &back) == 0 && back == g[i];
        w->stacks[i] = g[i]->stack.lo;
    }
    sigaltstack(NULL, &w->alt);
    for (int i = 0; i < GREENLETS_A_THREAD; i++)
        greenlet_free(g[i]);
    return NULL;
}

// The bytes of every mapping of this process (adjacent mappings of the same kind merge, so
// their count would not show a leak; their size does).
static long long mapped_bytes(void)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    cr_assert(maps != NULL, "cannot read /proc/self/maps: %s", strerror(errno));
    long long total = 0;
    char line[512];
    while (fgets(line, sizeof line, maps)) {
        uintmax_t lo, hi;
        if (sscanf(line, "%jx-%jx", &lo, &hi) == 2)
            total += (long long)(hi - lo);
    }
    fclose(maps);
    return total;
}

// Whether the page at `at` is still mapped: mincore fails with ENOMEM on unmapped memory.
static bool still_mapped(const void *at)
{
    long page = sysconf(_SC_PAGESIZE);
    unsigned char in_core;
    void *start = (void *)((uintptr_t)at / (uintptr_t)page * (uintptr_t)page);
    return mincore(start, (size_t)page, &in_core) == 0;
}

static void run_thread(struct thread_work *w, int which)
{
    memset(w, 0, sizeof *w);
    pthread_t t;
    int rc = pthread_create(&t, NULL, run_a_few_greenlets, w);
    cr_assert(rc == 0, "pthread_create failed: %s", strerror(rc));
    pthread_join(t, NULL);
    cr_assert(w->error == 0 && w->ran == GREENLETS_A_THREAD,
              "thread %d ran %d of its %d greenlets (greenlet_new: %s): to see what a thread "
              "leaves behind, this test needs greenlets that run, so greenlet_overflow_watch, "
              "greenlet_stack_new, greenlet_switch and run first", which, w->ran,
              GREENLETS_A_THREAD, w->error ? error_name(w->error) : "no error");
}

Test(greenlet_stack, a_thread_that_ends_unmaps_its_greenlet_stacks_and_its_alternate_stack)
{
    struct thread_work w;
    // The first thread leaves things for the next ones (a malloc arena, its cached stack).
    run_thread(&w, 0);
    long long before = mapped_bytes();
    for (int i = 1; i <= THREADS; i++) {
        run_thread(&w, i);
        bool has_alt = !(w.alt.ss_flags & SS_DISABLE) && w.alt.ss_sp != NULL;
        cr_assert(!has_alt || !still_mapped(w.alt.ss_sp),
                  "thread %d ended, but the alternate signal stack it had (%zu bytes at %p) is still "
                  "mapped: greenlet_overflow_watch must hand the stack it maps to unmap_at_exit", i,
                  w.alt.ss_size, w.alt.ss_sp);
        for (int k = 0; k < GREENLETS_A_THREAD; k++)
            cr_assert(!still_mapped(w.stacks[k]),
                      "thread %d ended, but the stack of its greenlet %d (at %p) is still mapped: the "
                      "stack cache unmaps a thread's stacks when it ends (greenlet_stack_cache.c)", i,
                      k, w.stacks[k]);
    }
    long long grown = mapped_bytes() - before;
    cr_assert(grown <= LEAK_LIMIT,
              "after %d threads that each ran %d greenlets and ended, the process maps %lld bytes "
              "more (%lld a thread): memory of the threads outlives them. About 64 KiB a thread is "
              "an alternate signal stack: greenlet_overflow_watch's, or the one it replaced (hand "
              "both to unmap_at_exit); a few stacks of %d bytes, the stack cache's "
              "(greenlet_stack_cache.c)", THREADS, GREENLETS_A_THREAD, grown, grown / THREADS,
              GREENLET_STACK_DEFAULT);
}
