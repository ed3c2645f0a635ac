// time_scale: the one reading of ASYNC_TIME_SCALE. The tests (labtest.c) stretch their
// durations by it and the grader (tools/grade) stretches its timeouts by it; both parse
// it here, so they can never disagree on what a value means.
#ifndef TIME_SCALE_H
#define TIME_SCALE_H

#include <stdbool.h>
#include <stdlib.h>

// The factor text names: a number from 0.1 to 100, nothing after it. NULL or "" is 1;
// anything else is 1 too, and *malformed (when not NULL) says so.
static inline double labtest_time_scale_parse(const char *text, bool *malformed)
{
    if (malformed != NULL)
        *malformed = false;
    if (text == NULL || *text == '\0')
        return 1;
    char *end;
    double value = strtod(text, &end);
    if (*end == '\0' && value >= 0.1 && value <= 100)
        return value;
    if (malformed != NULL)
        *malformed = true;
    return 1;
}

#endif
