// grade_run: builds a lab, runs one graded test in its own process, and reads its TAP result.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grade.h"
#include "grade_text.h"
#include "make_dirs.h"
#include "proof.h"
#include "sandbox.h"
#include "scratch.h"
#include "xalloc.h"

char *read_text(const char *path, size_t limit)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    // The note names no path: what a student reads must not show where the grader keeps files.
    static const char cut[] = "\n[... cut here: the rest is too long to show]";
    char *text = xmalloc(limit + sizeof cut);
    size_t n = fread(text, 1, limit, f);
    int more = fgetc(f) != EOF;
    fclose(f);
    if (more)
        n = utf8_cut(text, n); // never half a character (jansson would refuse the whole string)
    text[n] = '\0';
    if (more)
        strcat(text + n, cut);
    return text;
}

// What the test itself printed: the log less Criterion's reporter lines ("[----] ...", "[FAIL] ...").
// (Criterion's --quiet would drop those, but it silences the test's own stderr too.)
static char *read_printed(const char *path, size_t limit)
{
    char *text = read_text(path, limit);
    if (!text)
        return NULL;
    char *out = text;
    for (char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        int reporter = len >= 6 && line[0] == '[' && line[5] == ']';
        if (!reporter) {
            memmove(out, line, len);
            out += len;
            if (line[len] == '\n')
                *out++ = '\n';
        }
        line += len + (line[len] == '\n');
    }
    *out = '\0';
    return text;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void on_deadline(int sig)
{
    (void)sig; // only interrupts waitpid
}

// Runs argv inside the sandbox box, with stdin from /dev/null and stdout + stderr into log (opened
// by the grader, outside the sandbox), and with the proof channel when proof is not NULL.
// Whatever the run leaves is killed after it, and the whole run is killed after deadline_s
// whatever it does to its own timers. Returns the wait status, or -1.
static int run_logged(char *const argv[], const char *log, const struct sandbox *box, unsigned deadline_s,
                      struct proof *proof)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL); // the grader ignores it; the programs it runs must not
        if (proof)
            proof_child(proof, box->level == SANDBOX_NONE ? (uid_t)-1 : box->uid);
        int in = open("/dev/null", O_RDONLY), out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0)
            _exit(127);
        dup2(in, STDIN_FILENO);
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
        close(in), close(out);
        sandbox_enter(box);
        execvp(argv[0], argv);
        dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    if (proof)
        proof_started(proof);
    struct sigaction alarm_action = {.sa_handler = on_deadline}, old;
    sigaction(SIGALRM, &alarm_action, &old); // no SA_RESTART: the alarm interrupts waitpid
    alarm(deadline_s);
    int status = -1, late = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            status = -1;
            break;
        }
        late = 1;
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
    }
    if (late)
        status = 124 << 8; // as `timeout` says it: the run took too long
    alarm(0);
    sigaction(SIGALRM, &old, NULL);
    sandbox_sweep(box, pid);
    return status;
}

// The build runs as the sandbox user in the scratch copy, and builds only the tests.
// Runs `make -f lab.mk TARGET` for lab in the sandbox's scratch copy, as the sandbox user, with
// its output in log. Returns the wait status, or -1.
static int make_in_box(const struct lab *lab, const struct lab_build *b, const char *target, const char *log)
{
    char *deps = xstrdup("");
    for (size_t i = 0; i < b->ndeps; i++) {
        char *more = xformat("%s%s%s", deps, i ? " " : "", b->deps[i]->dir);
        free(deps);
        deps = more;
    }
    char *arg_lab = xformat("BUILD_LAB=%s", lab->dir), *arg_deps = xformat("DEPS_%s=%s", lab->dir, deps);
    // Dependencies as the reference's objects (a release's ref/) or as sources in src/.
    char *ref = xformat("%s/ref", b->box->scratch);
    const char *arg_depsrc = access(ref, F_OK) == 0 ? "LAB_DEPSRC=ref-objects" : "LAB_DEPSRC=src";
    free(ref);
    // The objects the link check read, if it ran: the test binary is linked from exactly those.
    char *checked = xformat("%s/checked", b->box->scratch);
    const char *arg_objects = access(checked, F_OK) == 0 ? "LAB_OBJECTS_DIR=checked" : "LAB_OBJECTS_DIR=";
    free(checked);
    // The tests' objects, if the grader compiled them once for every copy (scratch_give_test_objects).
    char *given = xformat("%s/test-objects", b->box->scratch);
    const char *arg_tests = access(given, F_OK) == 0 ? "TEST_OBJECTS_DIR=test-objects" : "TEST_OBJECTS_DIR=";
    free(given);
    char *argv[] = {"make", "-s", "--no-print-directory", "-f", "lab.mk", (char *)target, arg_lab, "LAB_SRC=src",
                    (char *)arg_depsrc, "LAB_OUT=out", arg_deps, (char *)arg_objects, (char *)arg_tests, NULL};
    struct sandbox build = *b->box;
    build.cpu_s = build.cpu_s > 300 ? build.cpu_s : 300; // the compiler's, not the tests' budget
    int status = run_logged(argv, log, &build, 600, NULL);
    free(arg_lab), free(arg_deps), free(deps);
    return status;
}

int build_lab_objects(const struct lab *lab, const struct lab_build *b)
{
    char *dir = xformat("%s/%s", b->out, lab->dir);
    make_dirs(dir, 0755); // if it fails, so does writing the log, which says so
    char *log = xformat("%s/objects.log", dir);
    int status = make_in_box(lab, b, "lab-objects", log);
    free(log), free(dir);
    return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int build_lab(const struct lab *lab, struct lab_build *b)
{
    char *dir = xformat("%s/%s", b->out, lab->dir);
    make_dirs(dir, 0755); // if it fails, so does writing the log, which says so
    char *log = xformat("%s/build.log", dir);
    int status = make_in_box(lab, b, "out/test", log);
    b->binary = xformat("%s/bin/test", b->box->inside);
    b->log = NULL;
    int ok = status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && scratch_take_binary(b->box->scratch) == 0;
    if (!ok) {
        char *text = read_text(log, 6000);
        b->log = xformat("Lab %s did not compile, so none of its tests could run. The compiler said:\n\n%s", lab->id,
                        text ? text : "(no output)");
        free(text);
    }
    free(log), free(dir);
    return ok ? 0 : -1;
}

char *check_listed_tests(const struct lab *lab, const struct lab_build *b)
{
    const char *binary = b->binary;
    char *log = xformat("%s/%s/tests.list", b->out, lab->dir);
    char *argv[] = {(char *)binary, "--list", NULL};
    int status = run_logged(argv, log, b->box, 60, NULL);
    FILE *f = fopen(log, "r");
    free(log);
    if (status < 0 || !f)
        return xformat("could not list the tests of %s", binary);
    // `--list` prints "suite: N tests" and then one line per test: "├── name" / "└── name" in a
    // UTF-8 locale, "|-- name" / "`-- name" otherwise (CI may run with no locale at all).
    char line[512], suite[256] = "", *problems = xstrdup("");
    int *found = xcalloc(lab->ntests + 1, sizeof *found);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *colon = strstr(line, ": ");
        char *name = NULL;
        static const char *const branches[] = {"├── ", "└── ", "|-- ", "`-- "};
        for (size_t i = 0; i < sizeof branches / sizeof *branches; i++)
            if (strncmp(line, branches[i], strlen(branches[i])) == 0)
                name = line + strlen(branches[i]);
        if (name) {
            int known = 0;
            for (size_t t = 0; t < lab->ntests; t++)
                if (strcmp(lab->tests[t].suite, suite) == 0 && strcmp(lab->tests[t].name, name) == 0)
                    found[t] = known = 1;
            if (!known) {
                char *more = xformat("%s  %s/%s is in test/%s but not in project.yml: give it points there\n",
                                    problems, suite, name, lab->dir);
                free(problems);
                problems = more;
            }
        } else if (colon && strstr(line, " test")) {
            snprintf(suite, sizeof suite, "%.*s", (int)(colon - line), line);
        }
    }
    fclose(f);
    for (size_t t = 0; t < lab->ntests; t++) {
        if (!found[t]) {
            char *more = xformat("%s  %s/%s is in project.yml but no Test() in test/%s has that name\n", problems,
                                lab->tests[t].suite, lab->tests[t].name, lab->dir);
            free(problems);
            problems = more;
        }
    }
    free(found);
    if (*problems)
        return problems;
    free(problems);
    return NULL;
}

// What Criterion's TAP says of one test: "ok - suite::name ..." or "not ok - suite::name ...",
// then for a failure an indented block with each assertion's location and message.
struct tap_verdict {
    int seen, failed, timed_out, crashed;
    int asserted; // a failed assertion was reported (its location and message)
    char *messages;
};

static void append(char **s, const char *more)
{
    char *joined = xformat("%s%s", *s ? *s : "", more);
    free(*s);
    *s = joined;
}

static void read_tap(const char *path, const char *suite, const char *name, struct tap_verdict *v)
{
    memset(v, 0, sizeof *v);
    FILE *f = scratch_fopen(path); // the test wrote it: it may be a link or a FIFO by now
    if (!f)
        return;
    char *full = xformat("%s::%s", suite, name);
    size_t full_len = strlen(full);
    char *line = NULL;
    size_t cap = 0;
    int in_ours = 0;
    while (getline(&line, &cap, f) != -1) {
        line[strcspn(line, "\n")] = '\0';
        int ok = strncmp(line, "ok - ", 5) == 0, not_ok = strncmp(line, "not ok - ", 9) == 0;
        if (ok || not_ok) {
            const char *rest = line + (ok ? 5 : 9);
            in_ours = strncmp(rest, full, full_len) == 0 && (rest[full_len] == ' ' || rest[full_len] == '\0') &&
                      !strstr(rest, "# SKIP");
            if (!in_ours)
                continue;
            v->seen = 1;
            if (not_ok) {
                v->failed = 1;
                const char *why = rest + full_len;
                v->timed_out |= strstr(why, "timed out") != NULL;
                if (strstr(why, "unexpected signal")) {
                    v->crashed = 1;
                    char *msg = xformat("The test crashed (killed by a signal) %s.\n", strstr(why, "after") ?
                                       strstr(why, "after") : "");
                    append(&v->messages, msg);
                    free(msg);
                }
            }
        } else if (in_ours && strncmp(line, "  - ", 4) == 0) {
            // "  - test/01-x/test_y.c:42: |+" : where the assertion is.
            v->asserted = 1;
            char *end = strstr(line, ": |");
            if (end)
                *end = '\0';
            char *msg = xformat("%s:\n", line + 4);
            append(&v->messages, msg);
            free(msg);
        } else if (in_ours && strncmp(line, "      ", 6) == 0) {
            const char *text = line + 6;
            if (strncmp(text, "Assertion failed: ", 18) == 0)
                text += 18;
            char *msg = xformat("    %s\n", text);
            append(&v->messages, msg);
            free(msg);
        }
    }
    free(line);
    free(full);
    fclose(f);
}

// What the sanitizers said in a test's whole log (not only the part a student is shown, which is
// cut at a few kilobytes: a test that prints much would push the report out of sight), and the
// report itself, from its first marker line, at most limit bytes (NULL when there is none).
struct sanitizer_word {
    int memory_error; // ASan's "ERROR: AddressSanitizer" or UBSan's "runtime error:"
    int leak;         // LeakSanitizer's "ERROR: LeakSanitizer"
    char *report;
};

static void read_sanitizer_word(const char *log, size_t limit, struct sanitizer_word *w)
{
    memset(w, 0, sizeof *w);
    FILE *f = fopen(log, "r"); // the grader's own file: the test only held it as its stdout
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0, used = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) != -1) {
        int error = strstr(line, "ERROR: AddressSanitizer") || strstr(line, "runtime error:");
        int leak = strstr(line, "ERROR: LeakSanitizer") != NULL;
        w->memory_error |= error;
        w->leak |= leak;
        if (!w->report && (error || leak))
            w->report = xcalloc(limit + 1, 1);
        if (w->report && used < limit) {
            size_t n = (size_t)len < limit - used ? (size_t)len : utf8_cut(line, limit - used);
            memcpy(w->report + used, line, n);
            used += n;
        }
    }
    free(line);
    fclose(f);
}

void run_test(const struct lab_build *b, const struct graded_test *t, double timeout_s, struct result *r)
{
    char *base = xformat("%s/%s/%s.%s", b->out, r->lab->dir, t->suite, t->name);
    // The TAP file is written by the test, so it lives in out/, the one place the sandbox user may write.
    char *tap = xformat("%s/out/%s.%s.tap", b->box->scratch, t->suite, t->name), *log = xformat("%s.log", base);
    char *filter = xformat("--filter=%s/%s", t->suite, t->name);
    char *tap_arg = xformat("--tap=%s/out/%s.%s.tap", b->box->inside, t->suite, t->name);
    char *limit = xformat("%.0f", timeout_s < 1 ? 1 : timeout_s);
    // timeout puts the test and everything it forks in a process group of their own, and -k
    // sends SIGKILL two seconds after the SIGTERM if the test ignores that.
    char *argv[] = {"timeout", "-k", "2", limit, b->binary, filter, tap_arg, "--jobs=1", NULL};
    remove(tap);
    struct proof proof;
    int have_proof = proof_open(&proof) == 0;
    double start = now_s();
    int status = run_logged(argv, log, b->box, (unsigned)timeout_s + 5, have_proof ? &proof : NULL);
    r->seconds = now_s() - start;
    // Only the test library's proof makes a pass: an exit status or a TAP line can be forged.
    int proven = have_proof && proof_passed(&proof, t->suite, t->name);

    struct tap_verdict v;
    read_tap(tap, t->suite, t->name, &v);
    char *printed = read_printed(log, 3000);
    int exited_early = printed && strstr(printed, "exited before the test finished") != NULL;
    // With SAN=1 a memory error or undefined behaviour ends the test with the sanitizer's report.
    // A leak report after a failed assertion is only its echo: the assertion ended the test before
    // anything could be freed, so the test failed; it did not crash. A leak after a test that
    // passed is the code's own: LeakSanitizer reports it as the test's process exits, after the
    // test library has proven the pass and Criterion has called it passing, so it is looked for
    // here, in the whole log, before the pass is believed.
    struct sanitizer_word san;
    read_sanitizer_word(log, 2500, &san);
    int sanitizer = san.memory_error || (san.leak && !v.asserted);
    int outer_timeout = WIFEXITED(status) && (WEXITSTATUS(status) == 124 || WEXITSTATUS(status) == 137);
    char *summary = NULL;
    if (v.seen && !v.failed && proven && !sanitizer) {
        r->outcome = PASSED;
    } else if (v.seen && !v.failed && proven) {
        r->outcome = CRASHED;
        summary = strdup(san.memory_error ?
                         "Every assertion held, but a sanitizer (ASan/UBSan) found a memory error or undefined "
                         "behaviour in the code under test. Its report, below, names the line.\n" :
                         "Every assertion held, but the code under test leaked: LeakSanitizer found memory it "
                         "allocated and never freed (a leak alone counts as crashed under SAN=1). Its report, "
                         "below, names where that memory was allocated: free it on every path.\n");
    } else if (exited_early || (v.seen && !v.failed)) {
        if (!exited_early)
            summary = xstrdup("The test's process ended without the test library's word that the test ran to its "
                             "end with every assertion met: something ended it early (_exit, a raw exit system call, "
                             "a signal to itself) or tampered with the test.\n");
        r->outcome = EXITED_EARLY; // the guard's own message (in what the test printed) explains it
    } else if (v.timed_out || (!v.seen && outer_timeout)) {
        r->outcome = TIMED_OUT;
        summary = xformat("No result after %.1f s: the test hung (an endless loop, or a wait that never ends?) and "
                         "was stopped.\n", r->seconds);
    } else if (v.crashed || sanitizer) {
        r->outcome = CRASHED;
        if (sanitizer)
            summary = xstrdup("A sanitizer (ASan/UBSan) stopped the test: the code under test has a memory error or "
                             "undefined behaviour. Its report, below, names the line.\n");
    } else if (!v.seen) {
        r->outcome = CRASHED;
        summary = xformat("The test binary stopped without reporting a result (wait status %d).\n", status);
    } else {
        r->outcome = FAILED;
        if (!v.messages)
            summary = xstrdup("The test failed without an assertion message: its process ended with an error "
                             "status (what it printed may say why).\n");
    }
    r->score = r->outcome == PASSED ? t->points : 0;
    // The report, when what the test printed was cut before it.
    int report_unseen = sanitizer && san.report && (!printed || !strstr(printed, "Sanitizer"));
    r->output = xformat("%s%s%s%s%s%s", summary ? summary : "", v.messages ? v.messages : "",
                       printed && *printed ? "--- what the test printed ---\n" : "",
                       printed && *printed ? printed : "",
                       report_unseen ? "\n--- the sanitizer's report ---\n" : "", report_unseen ? san.report : "");
    free(summary), free(v.messages), free(printed), free(san.report);
    free(base), free(tap), free(log), free(filter), free(tap_arg), free(limit);
}

const char *outcome_name(enum outcome o)
{
    switch (o) {
    case PASSED: return "passed";
    case FAILED: return "failed";
    case CRASHED: return "crashed";
    case TIMED_OUT: return "timed_out";
    case EXITED_EARLY: return "exited_early";
    case NOT_BUILT: return "not_built";
    case REFUSED: return "refused";
    }
    return "?";
}
