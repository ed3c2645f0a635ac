// projfile: project.yml as C structs, for the tools (project, grade).
// project.yml is the one list of labs; this is the one reader of it.
#ifndef PROJFILE_H
#define PROJFILE_H

#include <stddef.h>

struct graded_test {
    char *suite;            // Criterion suite name
    char *name;             // Criterion test name
    int points;
    char *visibility;       // Gradescope's: "visible" (default), "hidden", "after_due_date", "after_published"
};

// What one lab's code may do when the grader runs it (project.yml: a top-level `sandbox:` with the
// defaults, and a lab's own `sandbox:` for what it needs beyond them). The grader's limits come
// from here, so a later lab that needs more (fork, threads, many sockets) says so in one place.
struct sandbox_policy {
    long processes;         // RLIMIT_NPROC: processes and threads of the sandbox user at once
    long open_files;        // RLIMIT_NOFILE
    long cpu_s;             // RLIMIT_CPU, per process, before ASYNC_TIME_SCALE
    long file_size_mb;      // RLIMIT_FSIZE: the largest file (or log) one test may write
    char *network;          // "loopback" (the only value: a network namespace with lo up)
    char **allow;           // symbols the link check accepts beyond its allowlist (labs 06-08)
    size_t nallow;
};

struct lab {
    char *id;               // "01"
    char *dir;              // "01-sequential": the name under solutions/, labs/, test/
    char *title;
    char *chapter;          // path of the chapter, relative to the project root
    char **depends;         // ids of the labs this one builds on (direct only)
    size_t ndepends;
    double timeout_s;       // per test, before ASYNC_TIME_SCALE
    struct graded_test *tests;
    size_t ntests;
    struct sandbox_policy sandbox;
};

struct book {
    char *title, *subtitle, *author, *lang, *date;
    char **opening;         // chapters before the labs, in order
    size_t nopening;
};

struct project {
    struct book book;
    struct lab *labs;       // in book order; a lab depends only on earlier labs
    size_t nlabs;
};

// True when students see the test in the release (its source ships, its result shows at once).
int test_is_public(const struct graded_test *t);

// Reads and checks path (or $PROJECT_YML when path is "project.yml" and that is set). Returns 0, or -1 with a message naming the problem in err.
int project_load(const char *path, struct project *p, char *err, size_t errlen);
void project_free(struct project *p);

// The lab whose id ("01") or dir ("01-sequential") is key, or NULL.
const struct lab *project_find(const struct project *p, const char *key);

// Fills out[] with every lab that lab builds on, directly or not, in book order.
// Returns how many; out must have room for p->nlabs entries.
size_t project_deps(const struct project *p, const struct lab *lab, const struct lab **out);

// Sum of the points of lab's tests.
int lab_max_points(const struct lab *lab);

#endif
