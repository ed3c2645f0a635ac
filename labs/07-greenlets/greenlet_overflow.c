// greenlet_overflow: a stack overflow inside a greenlet ends the program with a message
// that names the greenlet, instead of corrupting memory or dying without a word.
#define _DEFAULT_SOURCE // sigaltstack, SA_ONSTACK, MAP_ANONYMOUS
#include "greenlet.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static _Thread_local bool watching;
static struct sigaction before; // what SIGSEGV did before we came: ASan's handler, or the default

// [unmap_at_exit]
// A thread's alternate stack is unmapped when the thread ends: short-lived threads
// that ran greenlets would otherwise lose 64 KiB each. The key's value: what to undo.
struct alt_stacks {
    stack_t mine;     // the one greenlet_overflow_watch mapped
    stack_t replaced; // the thread's before (AddressSanitizer's under SAN=1), or none
};
static _Thread_local struct alt_stacks alt_stacks;
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;
static int exit_key_error;

static void free_alt_stack(void *stacks)
{
    struct alt_stacks *s = stacks;
    stack_t now;
    if (sigaltstack(NULL, &now) != 0)
        return;
    // Only ours is taken back: the thread gets the one it had before (or none), and
    // whoever owns that one frees it. Ours is unmapped once the kernel cannot use it.
    if (!(now.ss_flags & SS_DISABLE) && now.ss_sp == s->mine.ss_sp) {
        stack_t off = {.ss_flags = SS_DISABLE};
        s->replaced.ss_flags &= SS_DISABLE;
        if (sigaltstack(&s->replaced, NULL) != 0 && sigaltstack(&off, NULL) != 0)
            return;
    }
    munmap(s->mine.ss_sp, s->mine.ss_size);
}

static void make_exit_key(void)
{
    exit_key_error = pthread_key_create(&exit_key, free_alt_stack);
}

// When this thread ends, puts back the alternate stack `replaced` (as sigaltstack's
// second argument reported it) and unmaps `alt`, the one that replaced it. Without a
// key to spare, alt stays mapped: a leak, but the handler still works.
static void unmap_at_exit(stack_t alt, stack_t replaced)
{
    pthread_once(&exit_key_once, make_exit_key);
    alt_stacks = (struct alt_stacks){.mine = alt, .replaced = replaced};
    if (exit_key_error == 0)
        pthread_setspecific(exit_key, &alt_stacks);
}
// [/unmap_at_exit]

// Appends text to buf at *at (async-signal-safe: no stdio in a handler).
static void put(char *buf, size_t cap, size_t *at, const char *text)
{
    while (*text && *at + 1 < cap)
        buf[(*at)++] = *text++;
}

static void put_number(char *buf, size_t cap, size_t *at, size_t n)
{
    char digits[24];
    size_t len = 0;
    do
        digits[len++] = (char)('0' + n % 10);
    while ((n /= 10) > 0);
    while (len > 0 && *at + 1 < cap)
        buf[(*at)++] = digits[--len];
}

// [handler]
static void on_segv(int sig, siginfo_t *info, void *uc)
{
    (void)uc;
    struct greenlet *g = greenlet_current();
    uintptr_t at = (uintptr_t)info->si_addr, guard = (uintptr_t)g->stack.guard;
    if (g->stack.guard != NULL && at >= guard && at < (uintptr_t)g->stack.lo) {
        char text[256];
        size_t len = 0;
        put(text, sizeof text, &len, "greenlet ");
        put(text, sizeof text, &len, g->name ? g->name : "(unnamed)");
        put(text, sizeof text, &len, " overflowed its stack of ");
        put_number(text, sizeof text, &len, g->stack.size);
        put(text, sizeof text, &len, " bytes\n");
        ssize_t ignored = write(STDERR_FILENO, text, len);
        (void)ignored;
        // Back to the default action: returning re-runs the faulting push, which now
        // ends the process with SIGSEGV, as an overflow of the main stack would.
        signal(sig, SIG_DFL);
        return;
    }
    // Not ours: let the handler we replaced (or the default action) deal with the
    // fault.
    sigaction(sig, &before, NULL);
}
// [/handler]

// [watch]
int greenlet_overflow_watch(void)
{
    // TODO(lab 07): have on_segv catch this thread's SIGSEGV even on a full stack,
    // once a thread; keep the action replaced in `before`, the stack in unmap_at_exit.
    // Chapter 7, "Stacks with a guard"; hints: #hints-overflow-watch.
    (void)on_segv, (void)watching, (void)unmap_at_exit;
    return -ENOSYS;
}
// [/watch]
