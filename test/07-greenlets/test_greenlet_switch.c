// greenlet_switch: greenlet's semantics - the classic transcripts, values both ways, a
// finished greenlet's result going to its parent, dead greenlets, errors raised inside.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "greenlet.h"
#include "labtest.h"

LAB_SUITE(greenlet_switch, 10);

#define AS_PTR(n) ((void *)(intptr_t)(n))
#define AS_INT(p) ((intptr_t)(p))

static FILE *log_file;
static char *log_text;
static size_t log_size;

static void open_log(void)
{
    log_file = open_memstream(&log_text, &log_size);
    cr_assert(log_file != NULL, "open_memstream failed");
}

// Closes the log and compares it with what greenlet's Python example prints.
static void expect_log(const char *expected, const char *what)
{
    fclose(log_file);
    cr_assert(strcmp(log_text, expected) == 0,
              "%s printed:\n%s\nPython's greenlet prints:\n%s\n(see greenlet_switch and run() in greenlet.c)",
              what, log_text, expected);
    free(log_text);
}

// Switches, failing the test with the error's name if the switch failed.
static void *must_switch(struct greenlet *g, void *value, const char *what)
{
    void *back = NULL;
    int rc = greenlet_switch(g, value, &back);
    cr_assert(rc == 0, "%s: greenlet_switch returned %s; it should switch and return 0", what, error_name(rc));
    return back;
}

static struct greenlet *first_g, *second_g;

static int first(void *arg, void **result)
{
    (void)arg, (void)result;
    fprintf(log_file, "12\n");
    greenlet_switch(second_g, NULL, NULL);
    fprintf(log_file, "34\n");
    return 0;
}

static int second(void *arg, void **result)
{
    (void)arg, (void)result;
    fprintf(log_file, "56\n");
    greenlet_switch(first_g, NULL, NULL);
    fprintf(log_file, "78\n");
    return 0;
}

Test(greenlet_switch, the_ping_pong_prints_12_56_34)
{
    open_log();
    first_g = greenlet_new(first, NULL);
    second_g = greenlet_new(second, NULL);
    cr_assert(first_g != NULL && second_g != NULL, "greenlet_new failed: %s", strerror(errno));
    must_switch(first_g, NULL, "the switch from main into first");
    cr_assert(first_g->state == GREENLET_DEAD, "first returned, yet its state is %d, not GREENLET_DEAD",
              (int)first_g->state);
    cr_assert(second_g->state == GREENLET_SUSPENDED,
              "second is stopped in its switch to first, yet its state is %d, not GREENLET_SUSPENDED",
              (int)second_g->state);
    expect_log("12\n56\n34\n", "the ping-pong of first and second");
    greenlet_free(first_g), greenlet_free(second_g);
}

static struct greenlet *test1_g, *test2_g;

static int test1(void *arg, void **result)
{
    intptr_t *xy = arg;
    void *z;
    int rc = greenlet_switch(test2_g, AS_PTR(xy[0] + xy[1]), &z);
    if (rc != 0)
        return rc;
    fprintf(log_file, "test1 got %jd\n", (intmax_t)AS_INT(z));
    *result = AS_PTR(AS_INT(z) * 10);
    return 0;
}

static int test2(void *arg, void **result)
{
    (void)result;
    fprintf(log_file, "test2 got %jd\n", (intmax_t)AS_INT(arg));
    void *v = NULL;
    greenlet_switch(test1_g, AS_PTR(AS_INT(arg) * 2), &v);
    fprintf(log_file, "never printed %jd\n", (intmax_t)AS_INT(v));
    return 0;
}

Test(greenlet_switch, test1_and_test2_pass_values_as_in_python)
{
    open_log();
    test1_g = greenlet_new(test1, NULL);
    test2_g = greenlet_new(test2, NULL);
    cr_assert(test1_g != NULL && test2_g != NULL, "greenlet_new failed: %s", strerror(errno));
    intptr_t args[2] = {20, 22};
    void *got = must_switch(test1_g, args, "main's switch into test1");
    fprintf(log_file, "main got %jd\n", (intmax_t)AS_INT(got));
    expect_log("test2 got 42\ntest1 got 84\nmain got 840\n", "test1/test2");
    cr_assert(test1_g->state == GREENLET_DEAD, "test1 returned; its state should be GREENLET_DEAD");
    greenlet_free(test1_g), greenlet_free(test2_g);
}

// Doubles every value it is switched in with, until it gets 0, then returns the count.
static int doubler(void *arg, void **result)
{
    struct greenlet *main_g = greenlet_current()->parent;
    intptr_t n = AS_INT(arg), count = 0;
    while (n != 0) {
        count++;
        void *next = NULL;
        int rc = greenlet_switch(main_g, AS_PTR(2 * n), &next);
        if (rc != 0)
            return rc;
        n = AS_INT(next);
    }
    *result = AS_PTR(count);
    return 0;
}

Test(greenlet_switch, values_travel_both_ways_through_switch)
{
    struct greenlet *g = greenlet_new(doubler, NULL);
    cr_assert(g != NULL, "greenlet_new failed: %s", strerror(errno));
    for (intptr_t i = 1; i <= 1000; i++) {
        void *back = must_switch(g, AS_PTR(i), "a switch into the doubler");
        cr_assert(AS_INT(back) == 2 * i,
                  "switch %jd sent %jd in and got %jd back; the doubler switched back %jd: the value "
                  "passed to greenlet_switch must come out of the other side's pending switch",
                  (intmax_t)i, (intmax_t)i, (intmax_t)AS_INT(back), (intmax_t)(2 * i));
    }
    void *count = must_switch(g, AS_PTR(0), "the last switch into the doubler");
    cr_assert(AS_INT(count) == 1000, "the doubler returned %jd through the switch, not its count 1000",
              (intmax_t)AS_INT(count));
    void *same = must_switch(greenlet_current(), AS_PTR(7), "a switch to the current greenlet");
    cr_assert(AS_INT(same) == 7, "switching to the running greenlet should hand the value straight back");
    greenlet_free(g);
}

static struct greenlet *outer_g, *inner_g;

// Returns 5 straight away: to its parent, whoever switched to it.
static int returns_five(void *arg, void **result)
{
    (void)arg;
    *result = AS_PTR(5);
    return 0;
}

// Makes inner (whose parent is outer), then hands control to main; main starts inner.
static int outer(void *arg, void **result)
{
    (void)arg;
    inner_g = greenlet_new(returns_five, NULL); // parent: outer, the current one
    if (inner_g == NULL)
        return -ENOMEM;
    void *got = NULL;
    int rc = greenlet_switch(outer_g->parent, AS_PTR(1), &got); // to main
    if (rc != 0)
        return rc;
    *result = AS_PTR(AS_INT(got) + 100); // got: inner's result
    return 0;
}

Test(greenlet_switch, a_finished_greenlet_returns_its_result_to_its_parent)
{
    outer_g = greenlet_new(outer, NULL);
    cr_assert(outer_g != NULL, "greenlet_new failed: %s", strerror(errno));
    must_switch(outer_g, NULL, "main's switch into outer");
    cr_assert(inner_g != NULL && inner_g->parent == outer_g,
              "a greenlet made with parent NULL must get the current greenlet as its parent");
    // main switches to inner, but inner's parent is outer: the 5 goes to outer, which
    // returns 105 to ITS parent, main.
    void *got = must_switch(inner_g, NULL, "main's switch into inner");
    cr_assert(AS_INT(got) == 105,
              "main got %jd; inner's 5 should have gone to its parent outer (not to main, which "
              "switched to it), and outer's 105 to main", (intmax_t)AS_INT(got));
    greenlet_free(inner_g), greenlet_free(outer_g);
}

Test(greenlet_switch, switching_to_a_dead_greenlet_fails_with_esrch)
{
    struct greenlet *g = greenlet_new(returns_five, NULL);
    cr_assert(g != NULL, "greenlet_new failed: %s", strerror(errno));
    must_switch(g, NULL, "the first switch");
    void *back = AS_PTR(-1);
    int rc = greenlet_switch(g, AS_PTR(3), &back);
    cr_assert(rc == -ESRCH, "a switch to a greenlet whose function returned returned %s; it must fail with "
              "-ESRCH without switching", error_name(rc));
    cr_assert(AS_INT(back) == -1, "a failed switch must leave *back alone");
    rc = greenlet_switch(NULL, NULL, NULL);
    cr_assert(rc == -EINVAL, "greenlet_switch(NULL, ...) returned %s; expected -EINVAL", error_name(rc));
    greenlet_free(g);
}

// Fails the way a greenlet raises: a negative errno from deep inside, after one switch out.
static int raises(void *arg, void **result)
{
    (void)arg, (void)result;
    greenlet_switch(greenlet_current()->parent, AS_PTR(1), NULL);
    return -EPIPE;
}

static struct greenlet *raiser_g;

// The raiser's parent, which it dies into: a greenlet that catches the error and returns it.
static int catcher(void *arg, void **result)
{
    (void)arg;
    raiser_g = greenlet_new(raises, NULL);
    if (raiser_g == NULL)
        return -ENOMEM;
    void *back = NULL;
    int rc = greenlet_switch(raiser_g, NULL, &back); // raiser switches straight back: 1
    if (rc != 0 || AS_INT(back) != 1)
        return -EPROTO;
    rc = greenlet_switch(raiser_g, NULL, &back); // now it raises: EPIPE arrives here
    *result = AS_PTR(-rc);
    return 0;
}

Test(greenlet_switch, an_error_raised_inside_reaches_the_parent)
{
    struct greenlet *g = greenlet_new(catcher, NULL);
    cr_assert(g != NULL, "greenlet_new failed: %s", strerror(errno));
    void *got = must_switch(g, NULL, "main's switch into the catcher");
    cr_assert(AS_INT(got) == EPIPE,
              "the catcher's second switch into a greenlet that returned -EPIPE returned %s; the error "
              "must travel to the parent as the return value of its pending switch",
              error_name(-AS_INT(got)));
    cr_assert(raiser_g->state == GREENLET_DEAD, "a greenlet that raised is dead");
    greenlet_free(raiser_g), greenlet_free(g);
}
