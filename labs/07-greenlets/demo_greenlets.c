// demo_greenlets: the C twin of greenlets.py - the same two examples, the same output.
#include <stdint.h>
#include <stdio.h>

#include "greenlet.h"

// [ping_pong]
static struct greenlet *first_g, *second_g;

static int first(void *arg, void **result)
{
    (void)arg, (void)result;
    printf("12\n");
    greenlet_switch(second_g, NULL, NULL);
    printf("34\n");
    return 0;
}

static int second(void *arg, void **result)
{
    (void)arg, (void)result;
    printf("56\n");
    greenlet_switch(first_g, NULL, NULL);
    printf("78\n"); // never printed: nobody switches back to second
    return 0;
}
// [/ping_pong]

// [values]
static struct greenlet *test1_g, *test2_g;

struct pair {
    intptr_t x, y;
};

static int test1(void *arg, void **result)
{
    struct pair *p = arg;
    void *z;
    int error = greenlet_switch(test2_g, (void *)(p->x + p->y), &z);
    if (error != 0)
        return error;
    printf("test1 got %jd\n", (intmax_t)(intptr_t)z);
    *result = (void *)((intptr_t)z * 10);
    return 0;
}

static int test2(void *arg, void **result)
{
    (void)result;
    intptr_t u = (intptr_t)arg;
    printf("test2 got %jd\n", (intmax_t)u);
    void *v;
    greenlet_switch(test1_g, (void *)(u * 2), &v);
    printf("never printed %jd\n", (intmax_t)(intptr_t)v);
    return 0;
}
// [/values]

int main(void)
{
    // [ping_pong_main]
    first_g = greenlet_new(first, NULL);
    second_g = greenlet_new(second, NULL);
    if (first_g == NULL || second_g == NULL || greenlet_switch(first_g, NULL, NULL) != 0)
        return 1;
    // [/ping_pong_main]
    // [values_main]
    test1_g = greenlet_new(test1, NULL);
    test2_g = greenlet_new(test2, NULL);
    void *got;
    if (test1_g == NULL || test2_g == NULL ||
        greenlet_switch(test1_g, &(struct pair){20, 22}, &got) != 0)
        return 1;
    printf("main got %jd\n", (intmax_t)(intptr_t)got);
    printf("test1 dead: %s\n", test1_g->state == GREENLET_DEAD ? "True" : "False");
    // [/values_main]
    greenlet_free(first_g), greenlet_free(second_g);
    greenlet_free(test1_g), greenlet_free(test2_g);
    return 0;
}
