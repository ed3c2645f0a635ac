#include "value.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double as_double(struct value v)
{
    return v.kind == VALUE_INT ? (double)v.as.i : v.as.d;
}

static int is_number(struct value v)
{
    return v.kind == VALUE_INT || v.kind == VALUE_DOUBLE;
}

int value_add(struct value a, struct value b, struct value *sum)
{
    if (!is_number(a) || !is_number(b))
        return -EINVAL;
    if (a.kind == VALUE_INT && b.kind == VALUE_INT)
        *sum = value_int(a.as.i + b.as.i);
    else
        *sum = value_double(as_double(a) + as_double(b));
    return 0;
}

// Python prints a float with the fewest digits that read back as the same double, in
// fixed notation for exponents from -4 to 15 and in scientific notation outside, and
// always shows it is a float (100.0, not 100).
static int format_double(double d, char *buf, size_t size)
{
    char sci[32];
    int digits = 1;
    for (; digits < 17; digits++) {
        snprintf(sci, sizeof sci, "%.*e", digits - 1, d);
        if (strtod(sci, NULL) == d)
            break;
    }
    snprintf(sci, sizeof sci, "%.*e", digits - 1, d);
    const char *e = strchr(sci, 'e');
    int exponent = e ? atoi(e + 1) : 0;
    if (!e || exponent < -4 || exponent >= 16)
        return snprintf(buf, size, "%s", sci); // also nan and inf
    int decimals = digits - 1 - exponent > 0 ? digits - 1 - exponent : 0;
    if (decimals == 0)
        return snprintf(buf, size, "%.0f.0", d);
    return snprintf(buf, size, "%.*f", decimals, d);
}

int value_format(struct value v, char *buf, size_t size)
{
    switch (v.kind) {
    case VALUE_NONE:
        return snprintf(buf, size, "None");
    case VALUE_INT:
        return snprintf(buf, size, "%lld", (long long)v.as.i);
    case VALUE_DOUBLE:
        return format_double(v.as.d, buf, size);
    case VALUE_PTR:
        return snprintf(buf, size, "<pointer %p>", v.as.p);
    }
    return snprintf(buf, size, "<bad value kind %d>", (int)v.kind);
}
