// grade: builds each lab of a submission, runs every graded test in its own process, and scores it.
//
//   grade [--submission DIR] [--lab ID] [--ref-deps] [--out DIR] [--expect pass|fail]
//         [--suite NAME] [--min-score N] [--budget S]
//
// DIR holds the lab directories (labs/ itself, solutions/, or a copy of labs/) or is a copy of
// the whole repository (then DIR/labs is used). --ref-deps builds each lab against the reference
// solutions of the labs it depends on, so a broken lab 03 does not zero lab 04. Writes
// OUT/results.json (Gradescope) and OUT/junit.xml, always, even when nothing compiles.
//
// --suite grades only that suite's tests (GitHub Classroom runs one suite per Classroom test); a
// comma-separated list names several (make test grades a planted mistake on the suites it breaks).
// --min-score makes the exit status 1 when the score is below N (for CI); without it the grader
// exits 0 whenever grading ran, whatever the score.
//
// --budget (or GRADE_BUDGET_S) caps the whole run at S seconds (default 420, scaled by ASYNC_TIME_SCALE: a Gradescope
// autograder is stopped at 10 minutes, and then writes no results at all): the tests still to run
// when it is spent are reported timed_out, and the results are written as always.
//
// GRADE_REFERENCE_LIBS=DIR (for make test's planted cases, which change one lab of solutions/)
// makes --ref-deps link DIR/ref/lib/lib<dep>.a, prebuilt once by tools/release/reflibs.sh, as a
// student release does, instead of compiling the dependencies' sources again for every case.
//
// GRADE_NO_LINKCHECK=1 (for make test only: it proves that the proof channel alone stops a forged
// pass) skips the check of the lab's objects before linking.
//
// --expect is for `make test`: "pass" fails unless every test passes (the reference solution),
// "fail" fails unless every test fails (the stubs), naming each test that does not.
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "grade.h"
#include "grade_text.h"
#include "linkcheck.h"
#include "make_dirs.h"
#include "withhold.h"
#include "sandbox.h"
#include "scratch.h"
#include "time_scale.h"
#include "xalloc.h"

struct options {
    const char *submission, *lab, *out, *expect;
    const char *suite; // --suite: only this suite's tests
    int min_score;     // --min-score: exit 1 below it (-1: no minimum)
    int ref_deps;
    int probe;         // grading a dependency quietly: one test per suite, stop at the first failure
    double budget_s;   // for the whole run
    double deadline;   // CLOCK_MONOTONIC seconds at which the budget is spent
    const struct withheld *reference; // lines no output may show
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *absolute(const char *path)
{
    char *abs = realpath(path, NULL);
    return abs ? abs : xstrdup(path);
}

// The directory of the submission that holds lab directories, or NULL.
static char *lab_root(const char *submission, const struct lab *lab)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/labs/%s", submission, lab->dir);
    if (is_dir(path)) {
        snprintf(path, sizeof path, "%s/labs", submission);
        return absolute(path);
    }
    snprintf(path, sizeof path, "%s/%s", submission, lab->dir);
    return is_dir(path) ? absolute(submission) : NULL;
}

static double scale(void)
{
    return labtest_time_scale_parse(getenv("ASYNC_TIME_SCALE"), NULL);
}

static int use_color(void)
{
    return isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
}

static void print_result(const struct result *r, size_t index, size_t total)
{
    int color = use_color();
    const char *mark = r->outcome == PASSED ? "PASS" : "FAIL";
    const char *on = !color ? "" : r->outcome == PASSED ? "\033[32m" : "\033[31m", *off = color ? "\033[0m" : "";
    char name[300];
    snprintf(name, sizeof name, "%s/%s", r->test->suite, r->test->name);
    printf("  [%2zu/%zu] %s%s%s %2d/%-2d  %-52s %6.2f s", index, total, on, mark, off, r->score, r->test->points,
           name, r->seconds);
    if (r->outcome != PASSED && r->outcome != FAILED)
        printf("  (%s)", outcome_name(r->outcome));
    printf("\n");
    if (r->outcome != PASSED && r->output) {
        // Indent the explanation under its test so the table stays readable.
        for (const char *line = r->output; *line;) {
            size_t len = strcspn(line, "\n");
            printf("          %.*s\n", (int)len, line);
            line += len + (line[len] == '\n');
        }
    }
    fflush(stdout);
}

// Whether list ("a" or "a,b,c", as --suite takes it) names suite.
static int names_suite(const char *list, const char *suite)
{
    size_t len = strlen(suite);
    for (const char *at = list; *at;) {
        size_t n = strcspn(at, ",");
        if (n == len && strncmp(at, suite, len) == 0)
            return 1;
        at += n + (at[n] == ',');
    }
    return 0;
}

// GRADE_REPEAT=N (make soak): runs the test N - 1 more times, each in its own process as the
// first, and prints a "soak:" line for every run that does not pass. The result is the first
// failing run's, so --expect pass names the test. One build for N runs: a flaky test shows in
// minutes, where grading the whole course N times would spend most of its time compiling.
static void run_again(const struct lab_build *b, const struct graded_test *test, double timeout,
                      const struct options *o, struct result *r)
{
    const char *repeat = getenv("GRADE_REPEAT");
    int runs = repeat && !o->probe ? atoi(repeat) : 1; // a dependency's quiet probe runs once
    if (runs > 1 && r->outcome != PASSED)
        printf("soak: %s/%s run 1 of %d: %s\n", test->suite, test->name, runs, outcome_name(r->outcome));
    // A run the budget would cut short is not run: a cut is not the test's failure.
    for (int k = 2; k <= runs && o->deadline - now_s() >= timeout; k++) {
        struct result again = {.lab = r->lab, .test = r->test};
        run_test(b, test, timeout, &again);
        if (again.outcome == PASSED) {
            free(again.output);
            continue;
        }
        printf("soak: %s/%s run %d of %d: %s\n", test->suite, test->name, k, runs, outcome_name(again.outcome));
        if (r->outcome == PASSED) {
            free(r->output);
            *r = again;
        } else {
            free(again.output);
        }
    }
}

// Grades one lab into results[*n...]. Returns 1 if its tests do not match project.yml, else 0.
static int grade_lab(const struct project *p, const struct lab *lab, const struct options *o, const char *root,
                     struct sandbox *box, struct result *results, size_t *n)
{
    int max = lab_max_points(lab), score = 0;
    printf("\nLab %s  %s  (%d points)\n", lab->id, lab->title, max);
    struct lab_build b = {.root = root, .out = o->out};
    char *src = lab_root(o->submission, lab);
    char *solutions = NULL;
    xasprintf(&solutions, "%s/solutions", root);
    b.src = src;
    // NULL: the dependencies are a release's prebuilt libraries (GRADE_REFERENCE_LIBS, else root's ref/).
    const char *ref_libs = getenv("GRADE_REFERENCE_LIBS");
    b.depsrc = o->ref_deps ? (ref_libs && *ref_libs ? NULL : solutions) : src;
    enum outcome not_run = NOT_BUILT;
    const struct lab **deps = xcalloc(p->nlabs + 1, sizeof *deps);
    b.deps = deps;
    b.ndeps = project_deps(p, lab, deps);
    b.box = box;
    char *problem = NULL, *refused = NULL, *notes = NULL, *scratch = NULL;
    if (src)
        scratch = scratch_make(root, ref_libs && *ref_libs ? ref_libs : root, lab, b.deps, b.ndeps, b.src, b.depsrc,
                               box->uid, &notes);
    box->scratch = scratch;
    box->inside = box->level == SANDBOX_NAMESPACES ? "/work" : scratch;
    sandbox_limit(box, &lab->sandbox, scale());
    // What the student should know about the copy: files refused, headers replaced.
    for (const char *line = notes; line && *line;) {
        size_t len = strcspn(line, "\n");
        printf("  note: %.*s\n", (int)len, line);
        line += len + (line[len] == '\n');
    }
    if (!src) {
        xasprintf(&b.log, "The submission has no directory %s (looked for labs/%s and %s).", lab->dir,
                  lab->dir, lab->dir);
    } else if (!scratch) {
        b.log = xstrdup(notes ? notes : "The grader could not copy the lab.");
    } else if (!getenv("GRADE_NO_LINKCHECK") && (refused = linkcheck_lab(lab, &b)) != NULL) {
        not_run = REFUSED;
        b.log = refused;
    } else if (build_lab(lab, &b) == 0) {
        problem = check_listed_tests(lab, &b);
        if (problem) {
            fprintf(stderr, "grade: the tests of lab %s do not match project.yml:\n%s", lab->id, problem);
            // A main() of the submission's own, or code that rewrites Criterion's list of tests.
            not_run = REFUSED;
            xasprintf(&b.log, "Lab %s was refused: its test binary does not list the tests the course "
                      "defines, so its results cannot be trusted. Does your code define main() or touch "
                      "Criterion's tests?", lab->id);
        }
    }
    if (b.log && not_run == NOT_BUILT) {
        // Compiler output names files: show those of the submission, never the grader's or others.
        const char *keep[] = {src ? src : "", b.depsrc ? b.depsrc : "", o->out, root};
        char *shown = hide_outside_paths(b.log, keep, sizeof keep / sizeof *keep);
        if (shown)
            free(b.log), b.log = shown;
    }
    for (size_t t = 0; t < lab->ntests; t++) {
        if (o->suite && !names_suite(o->suite, lab->tests[t].suite))
            continue;
        if (o->probe && t > 0 && strcmp(lab->tests[t - 1].suite, lab->tests[t].suite) == 0)
            continue;
        if (o->probe && *n > 0 && results[*n - 1].outcome != PASSED)
            break;
        struct result *r = &results[(*n)++];
        *r = (struct result){.lab = lab, .test = &lab->tests[t]};
        double left = o->deadline - now_s();
        if (b.log) {
            r->outcome = not_run;
            r->output = xstrdup(b.log);
        } else if (left < 1) {
            r->outcome = TIMED_OUT;
            r->skipped = true;
            xasprintf(&r->output, "Not run: grading stopped when its time budget (%.0f s for every lab) was "
                      "spent. Tests that hang use it up: make each one end.\n", o->budget_s);
        } else {
            double timeout = lab->timeout_s * scale();
            run_test(&b, &lab->tests[t], timeout < left ? timeout : left, r);
            run_again(&b, &lab->tests[t], timeout, o, r);
            if (notes && t == 0) {
                char *with = NULL;
                if (xasprintf(&with, "About your files:\n%s\n%s", notes, r->output ? r->output : "") >= 0)
                    free(r->output), r->output = with;
            }
        }
        withhold_apply(o->reference, &r->output);
        score += r->score;
        // A build failure is one message, not one per test.
        if (b.log && t > 0) {
            free(r->output);
            r->output = xstrdup("(not built: see the first test of this lab)");
        }
        if (!b.log || t == 0)
            print_result(r, t + 1, lab->ntests);
    }
    if (b.log && lab->ntests > 1)
        printf("          (and the other %zu tests of lab %s, for the same reason)\n", lab->ntests - 1, lab->id);
    printf("  Lab %s: %d/%d\n", lab->id, score, max);
    int mismatch = problem != NULL;
    scratch_remove(scratch);
    free(problem), free(src), free(solutions), free(b.binary), free(b.log), free(notes), free(scratch), free(deps);
    return mismatch;
}

// Whether the submission's copy of lab holds the reference's files, byte for byte (as the
// planted mistakes of make test do, which alter one lab only): then it is finished, and no probe
// need run. Only where the reference is at hand (the course's repository, not a release).
static int same_as_reference(const char *submission, const struct lab *lab, const char *root)
{
    char *src = lab_root(submission, lab), *ref = NULL;
    xasprintf(&ref, "%s/solutions/%s", root, lab->dir);
    DIR *dir = src ? opendir(ref) : NULL;
    int same = dir != NULL;
    for (struct dirent *e; same && (e = readdir(dir)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char *a = NULL, *b = NULL;
        xasprintf(&a, "%s/%s", ref, e->d_name);
        xasprintf(&b, "%s/%s/%s", src, lab->dir, e->d_name);
        char *ta = read_text(a, 1 << 20), *tb = read_text(b, 1 << 20);
        same = ta && tb && strcmp(ta, tb) == 0;
        free(ta), free(tb), free(a), free(b);
    }
    if (dir)
        closedir(dir);
    free(src), free(ref);
    return same;
}

// Whether dep, a lab the lab being graded builds on, is unfinished: some of its tests do not pass.
// Its results from this run if it was graded in it; otherwise a quiet probe, one test per suite,
// that stops at the first failure (a stub fails at once, so an untouched lab costs a moment).
static int unfinished(const struct project *p, const struct lab *dep, const struct options *o, const char *root,
                      struct sandbox *box, const struct result *earlier, size_t nearlier)
{
    int graded = 0;
    for (size_t i = 0; i < nearlier; i++) {
        if (earlier[i].lab != dep)
            continue;
        graded = 1;
        if (earlier[i].outcome != PASSED && !earlier[i].skipped)
            return 1;
    }
    if (graded || same_as_reference(o->submission, dep, root))
        return 0;
    struct options quiet = *o;
    quiet.probe = 1, quiet.suite = NULL;
    char *out = NULL;
    xasprintf(&out, "%s/probe-%s", o->out, dep->id);
    quiet.out = out;
    struct result *r = xcalloc(dep->ntests + 1, sizeof *r);
    size_t n = 0;
    // The probe's table is not the student's business: only its verdict is.
    fflush(stdout);
    // Close-on-exec: the builds and tests the probe starts must not inherit the real stdout.
    int saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3), null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null >= 0)
        dup2(null, STDOUT_FILENO);
    grade_lab(p, dep, &quiet, root, box, r, &n);
    fflush(stdout);
    if (saved >= 0 && null >= 0)
        dup2(saved, STDOUT_FILENO);
    if (saved >= 0)
        close(saved);
    if (null >= 0)
        close(null);
    int verdict = 0;
    for (size_t i = 0; i < n; i++) {
        verdict |= r[i].outcome != PASSED && !r[i].skipped; // a test never run proves nothing
        free(r[i].output);
    }
    free(r), free(out);
    return verdict;
}

// When a lab lost points and a lab it builds on is unfinished, its failures may not be its own:
// say so once, in the table and at the head of the lab's first failure (results.json, junit.xml).
// Not with --ref-deps, where the dependencies are the reference's.
static void note_unfinished_dependencies(const struct project *p, const struct lab *lab, const struct options *o,
                                         const char *root, struct sandbox *box, struct result *results,
                                         size_t start, size_t n)
{
    size_t first_failure = n;
    for (size_t i = start; i < n && first_failure == n; i++)
        if (results[i].outcome != PASSED)
            first_failure = i;
    if (o->ref_deps || o->probe || first_failure == n)
        return;
    const struct lab **deps = xcalloc(p->nlabs + 1, sizeof *deps);
    size_t ndeps = project_deps(p, lab, deps), nfound = 0;
    char *names = xstrdup("");
    for (size_t d = 0; d < ndeps; d++) {
        if (!unfinished(p, deps[d], o, root, box, results, start))
            continue;
        char *more = NULL;
        xasprintf(&more, "%s%s%s", names, *names ? ", " : "", deps[d]->id);
        free(names), names = more;
        nfound++;
    }
    if (nfound > 0) {
        char *note = NULL, *with = NULL;
        xasprintf(&note, "%s %s %s unfinished; %s tests fail too - finish %s first, or grade this lab against "
                  "the reference with REF_DEPS=1 (make lab-%s REF_DEPS=1).", nfound > 1 ? "labs" : "lab", names,
                  nfound > 1 ? "are" : "is", nfound > 1 ? "their" : "its", nfound > 1 ? "them" : "it", lab->id);
        printf("  note: %s\n", note);
        struct result *r = &results[first_failure];
        xasprintf(&with, "Note: %s\n%s", note, r->output ? r->output : "");
        free(r->output), r->output = with;
        withhold_apply(o->reference, &r->output);
        free(note);
    }
    free(names), free(deps);
}

static int parse_options(int argc, char **argv, struct options *o)
{
    *o = (struct options){.submission = "labs", .out = "build/grade", .min_score = -1, .budget_s = 420 * scale()};
    const char *budget = getenv("GRADE_BUDGET_S"); // for make test's cases, as --budget
    if (budget && atof(budget) > 0)
        o->budget_s = atof(budget);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--ref-deps") == 0) {
            o->ref_deps = 1;
            continue;
        }
        if (!v)
            return -1;
        if (strcmp(a, "--submission") == 0)
            o->submission = v;
        else if (strcmp(a, "--lab") == 0)
            o->lab = *v ? v : NULL;
        else if (strcmp(a, "--suite") == 0)
            o->suite = *v ? v : NULL;
        else if (strcmp(a, "--min-score") == 0)
            o->min_score = *v ? atoi(v) : -1;
        else if (strcmp(a, "--out") == 0)
            o->out = v;
        else if (strcmp(a, "--budget") == 0 && atof(v) > 0)
            o->budget_s = atof(v);
        else if (strcmp(a, "--expect") == 0 && (strcmp(v, "pass") == 0 || strcmp(v, "fail") == 0))
            o->expect = v;
        else
            return -1;
        i++;
    }
    return 0;
}

// For `make test`: every test must have the expected outcome. Returns how many do not.
static int check_expectation(const char *expect, const char *submission, const struct result *r, size_t n)
{
    int wrong = 0, want_pass = strcmp(expect, "pass") == 0;
    for (size_t i = 0; i < n; i++) {
        int passed = r[i].outcome == PASSED;
        if (passed == want_pass) {
            printf("ok: %s %s %s/%s %s\n", submission, r[i].lab->id, r[i].test->suite, r[i].test->name,
                   want_pass ? "passes" : "fails");
            continue;
        }
        wrong++;
        if (want_pass)
            printf("FAIL: %s %s %s/%s does not pass (%s)\n", submission, r[i].lab->id, r[i].test->suite,
                   r[i].test->name, outcome_name(r[i].outcome));
        else
            printf("FAIL: %s %s %s/%s passes on the stub: the test does not prove the student's code works\n",
                   submission, r[i].lab->id, r[i].test->suite, r[i].test->name);
    }
    return wrong;
}

int main(int argc, char **argv)
{
    struct options o;
    if (parse_options(argc, argv, &o)) {
        fprintf(stderr, "usage: grade [--submission DIR] [--lab ID] [--ref-deps] [--out DIR] [--expect pass|fail]"
                        " [--suite NAME] [--min-score N] [--budget S]\n");
        return 2;
    }
    struct project p;
    char err[512];
    if (project_load("project.yml", &p, err, sizeof err)) {
        fprintf(stderr, "grade: %s\n", err);
        return 1;
    }
    if (o.lab && !project_find(&p, o.lab)) {
        fprintf(stderr, "grade: no lab '%s' in project.yml\n", o.lab);
        return 2;
    }
    char *root = absolute(".");
    int made = make_dirs(o.out, 0755);
    if (made < 0) {
        fprintf(stderr, "grade: cannot create %s: %s\n", o.out, strerror(-made));
        return 1;
    }
    char *out_abs = absolute(o.out);
    o.out = out_abs;
    // Nothing of an earlier run may stand in for this one: if this run is stopped, there are no
    // results rather than old ones.
    char json[PATH_MAX], xml[PATH_MAX];
    snprintf(json, sizeof json, "%s/results.json", o.out);
    snprintf(xml, sizeof xml, "%s/junit.xml", o.out);
    if ((remove(json) != 0 && access(json, F_OK) == 0) || (remove(xml) != 0 && access(xml, F_OK) == 0)) {
        fprintf(stderr, "grade: cannot remove the last run's %s or %s\n", json, xml);
        return 1;
    }
    // A test that closes its end of a pipe must not kill the grader with SIGPIPE.
    signal(SIGPIPE, SIG_IGN);
    o.deadline = now_s() + o.budget_s;
    struct withheld *reference = withhold_load(root);
    withhold_hidden_tests(reference, root, &p);
    o.reference = reference;

    size_t total = 0;
    for (size_t i = 0; i < p.nlabs; i++)
        total += p.labs[i].ntests;
    struct result *results = xcalloc(total + 1, sizeof *results);
    size_t n = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    printf("Grading %s%s  (ASYNC_TIME_SCALE=%g)\n", o.submission, o.ref_deps ? " against the reference dependencies" : "",
           scale());
    struct sandbox box;
    sandbox_detect(&box, stdout);
    int mismatches = 0;
    for (size_t i = 0; i < p.nlabs; i++) {
        if (o.lab && &p.labs[i] != project_find(&p, o.lab))
            continue;
        size_t start = n;
        mismatches += grade_lab(&p, &p.labs[i], &o, root, &box, results, &n);
        note_unfinished_dependencies(&p, &p.labs[i], &o, root, &box, results, start, n);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

    int score = 0, max = 0;
    for (size_t i = 0; i < n; i++)
        score += results[i].score, max += results[i].test->points;
    int rc = 0;
    if (write_results_json(json, results, n, seconds) || write_junit_xml(xml, results, n)) {
        fprintf(stderr, "grade: could not write %s or %s\n", json, xml);
        rc = 1;
    }
    printf("\nScore: %d/%d\n", score, max);
    printf("Results: %s, %s\n", json, xml);
    // A test missing from project.yml is never graded: a maintainer's mistake that `make test` must catch.
    if (o.min_score >= 0 && score < o.min_score) {
        printf("Below the minimum score %d\n", o.min_score);
        rc = 1;
    }
    if (o.expect && (check_expectation(o.expect, o.submission, results, n) > 0 || mismatches > 0))
        rc = 1;

    for (size_t i = 0; i < n; i++)
        free(results[i].output);
    free(results), free(root), free(out_abs);
    withhold_free(reference);
    project_free(&p);
    return rc;
}
