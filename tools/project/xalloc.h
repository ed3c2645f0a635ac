// xalloc: allocation for the tools (the grader, tools/project), checked in one place.
//
// The labs report an error to their caller; a tool has nobody to report to but the person
// running it, and running out of memory half-way through a grade leaves nothing worth
// finishing. So each of these either returns what was asked for or prints why it cannot
// and exits with status 3 (the grader's own statuses are 0, 1 and 2). No caller ever
// sees NULL, so none needs a check it could forget.
#ifndef XALLOC_H
#define XALLOC_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void *xalloc_check(void *p)
{
    if (p == NULL) {
        fputs("out of memory\n", stderr);
        exit(3);
    }
    return p;
}

static inline void *xmalloc(size_t size)
{
    return xalloc_check(malloc(size ? size : 1));
}

static inline void *xcalloc(size_t count, size_t size)
{
    return xalloc_check(calloc(count ? count : 1, size ? size : 1));
}

static inline void *xrealloc(void *p, size_t size)
{
    return xalloc_check(realloc(p, size ? size : 1));
}

static inline char *xstrdup(const char *s)
{
    return xalloc_check(strdup(s));
}

// vasprintf and asprintf that cannot fail: they return the length, never -1.
static inline int xvasprintf(char **out, const char *fmt, va_list ap)
{
    int n = vasprintf(out, fmt, ap);
    if (n < 0)
        xalloc_check(NULL);
    return n;
}

__attribute__((format(printf, 2, 3))) static inline int xasprintf(char **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = xvasprintf(out, fmt, ap);
    va_end(ap);
    return n;
}

// The formatted string, newly allocated.
__attribute__((format(printf, 1, 2))) static inline char *xformat(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    xvasprintf(&s, fmt, ap);
    va_end(ap);
    return s;
}

#endif
