// greenlet_stack_cache: the guarded stacks a thread gave back, kept for its next greenlets
// (see greenlet_stack.h), and unmapped when the thread ends.
#define _DEFAULT_SOURCE // MAP_ANONYMOUS
#include "greenlet_stack.h"

#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

// A cached stack remembers itself in its own top bytes: the page a greenlet touched
// first, so the cache costs no memory of its own, and a thread's only state is the head
// of its list.
struct cached_stack {
    struct greenlet_stack stack;
    struct cached_stack *next;
};

static _Thread_local struct cached_stack *cache;
static _Thread_local size_t n_cached;

static struct cached_stack *entry_of(const struct greenlet_stack *s)
{
    return (struct cached_stack *)((char *)s->lo + s->size) - 1;
}

// At a thread's exit its cached stacks are unmapped: a program that runs greenlets on
// short-lived threads would otherwise lose up to GREENLET_STACK_CACHE mappings a thread.
// The key's value only marks a thread that has something to unmap.
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;
static int exit_key_error;

static void empty_cache(void *unused)
{
    (void)unused;
    while (cache != NULL) {
        struct greenlet_stack s = cache->stack;
        cache = cache->next;
        greenlet_stack_free(&s);
    }
    n_cached = 0;
}

static void make_exit_key(void)
{
    exit_key_error = pthread_key_create(&exit_key, empty_cache);
}

static bool empties_at_exit(void)
{
    pthread_once(&exit_key_once, make_exit_key);
    if (exit_key_error != 0)
        return false;
    return pthread_getspecific(exit_key) != NULL || pthread_setspecific(exit_key, &cache) == 0;
}

int greenlet_stack_take(struct greenlet_stack *s, size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size = (size + page - 1) / page * page;
    // The most recently cached first: its pages are warm.
    for (struct cached_stack **at = &cache; *at != NULL; at = &(*at)->next) {
        if ((*at)->stack.size == size) {
            *s = (*at)->stack;
            *at = (*at)->next;
            n_cached--;
            return 0;
        }
    }
    return greenlet_stack_new(s, size);
}

void greenlet_stack_release(struct greenlet_stack *s)
{
    if (s->guard == NULL || s->size < sizeof(struct cached_stack) ||
        n_cached >= GREENLET_STACK_CACHE || !empties_at_exit()) {
        greenlet_stack_free(s);
        return;
    }
    struct cached_stack *entry = entry_of(s);
    *entry = (struct cached_stack){.stack = *s, .next = cache};
    cache = entry;
    n_cached++;
    *s = (struct greenlet_stack){0};
}
