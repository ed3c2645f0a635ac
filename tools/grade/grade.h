// grade: the graded run. See grade.c for the command line.
#ifndef GRADE_H
#define GRADE_H

#include <stdbool.h>
#include <stddef.h>

#include "projfile.h"

enum outcome {
    PASSED,
    FAILED,        // an assertion failed
    CRASHED,       // a signal killed the test
    TIMED_OUT,     // Criterion's suite timeout or the grader's outer one
    EXITED_EARLY,  // student code called exit() in the middle of the test
    NOT_BUILT,     // the lab did not compile
    REFUSED,       // the lab's code was refused before it ran (linkcheck), or its test binary
                   // does not list the tests project.yml names
};

struct result {
    const struct lab *lab;
    const struct graded_test *test;
    enum outcome outcome;
    int score;
    double seconds;
    char *output;   // what a student reads: the failure messages, then what the test printed
    bool skipped;   // not run: the time budget was spent (outcome TIMED_OUT)
};

struct sandbox;

// How the grader builds and runs one lab.
struct lab_build {
    const char *root;       // the project's root (where the Makefile is)
    const char *src;        // directory that holds the lab directories being graded
    const char *depsrc;     // directory that holds the labs this lab depends on
    const char *out;        // build directory for this run
    const struct lab *const *deps; // every lab it builds on
    size_t ndeps;
    struct sandbox *box;    // where its code runs: box->scratch holds the scratch copy
    char *binary;           // set by build_lab: the test binary
    char *log;              // set by build_lab when it fails: the compiler's output
};

// Builds lab's test binary in the sandbox's scratch copy (tools/grade/lab.mk). Returns 0, or -1
// with b->log set.
int build_lab(const struct lab *lab, struct lab_build *b);

// Compiles each of lab's sources alone into out/objects in the sandbox's scratch copy (lab.mk's
// lab-objects), for tools/grade/linkcheck.c. Returns 0, or -1 if one does not compile.
int build_lab_objects(const struct lab *lab, const struct lab_build *b);

// The graded tests the binary contains that project.yml does not list, and the reverse, as a
// message for maintainers; NULL when the two agree.
char *check_listed_tests(const struct lab *lab, const struct lab_build *b);

// Runs one test in its own process under an outer timeout and fills r.
void run_test(const struct lab_build *b, const struct graded_test *t, double timeout_s, struct result *r);

const char *outcome_name(enum outcome o);

// Writes results.json (Gradescope's format) and junit.xml into dir. Return 0 or -1.
int write_results_json(const char *path, const struct result *r, size_t n, double seconds);
int write_junit_xml(const char *path, const struct result *r, size_t n);

// Reads a whole file, at most limit bytes (with a note when cut). NULL if it cannot be read.
char *read_text(const char *path, size_t limit);

#endif
