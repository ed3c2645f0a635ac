// value: what a generator yields, is sent and returns - None, an integer, a
// float or a pointer.
//
// Python moves objects through yield and send; C needs one type that can hold each of
// the few kinds the labs use. A struct value is small (16 bytes) and passed by value,
// so a send/yield round trip allocates nothing.
#ifndef VALUE_H
#define VALUE_H

#include <stddef.h>
#include <stdint.h>

enum value_kind {
    VALUE_NONE,   // Python's None: what next() sends, what a body that
                  // just ends returns
    VALUE_INT,    // a Python int (64 bits here)
    VALUE_DOUBLE, // a Python float
    VALUE_PTR,    // anything else, by address; the value does not own
                  // what it points to
};

struct value {
    enum value_kind kind;
    union {
        int64_t i;
        double d;
        void *p;
    } as;
};

static inline struct value value_none(void)
{
    return (struct value){.kind = VALUE_NONE};
}

static inline struct value value_int(int64_t i)
{
    return (struct value){.kind = VALUE_INT, .as.i = i};
}

static inline struct value value_double(double d)
{
    return (struct value){.kind = VALUE_DOUBLE, .as.d = d};
}

static inline struct value value_ptr(void *p)
{
    return (struct value){.kind = VALUE_PTR, .as.p = p};
}

static inline int value_is_none(struct value v)
{
    return v.kind == VALUE_NONE;
}

// Python's a + b for numbers: int + int is an int, a float on either side makes a
// float. Stores the sum in *sum and returns 0, or returns -EINVAL (and leaves *sum
// alone) when either side is not a number - where Python raises TypeError.
int value_add(struct value a, struct value b, struct value *sum);

// Writes v as Python's repr() would (None, 10, 36.5, 100.0, 1e+16) into buf,
// always NUL-terminated; a pointer is written as <pointer 0x...>. Returns what
// snprintf returns.
int value_format(struct value v, char *buf, size_t size);

#endif
