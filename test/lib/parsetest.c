// parsetest: see parsetest.h.
#include "parsetest.h"

#include <stdlib.h>
#include <string.h>

int parsetest_append(char **buf, size_t *buf_len, const char *at, size_t len)
{
    char *grown = realloc(*buf, *buf_len + len);
    if (grown == NULL)
        return -1;
    memcpy(grown + *buf_len, at, len);
    *buf = grown;
    *buf_len += len;
    return 0;
}

size_t *parsetest_every_byte(size_t len)
{
    size_t *cuts = malloc(len * sizeof *cuts);
    if (cuts == NULL)
        return NULL;
    for (size_t k = 1; k < len; k++)
        cuts[k - 1] = k;
    return cuts;
}

long long parsetest_error_byte(const char *message)
{
    const char *at = strstr(message, "at byte ");
    return at ? strtoll(at + 8, NULL, 10) : -1;
}

bool parsetest_names_a_byte(const char *message, size_t len)
{
    long long at = parsetest_error_byte(message);
    return at >= 0 && (size_t)at <= len && strlen(message) > strlen(" at byte 0") + 5;
}
