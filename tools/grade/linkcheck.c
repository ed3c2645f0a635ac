// linkcheck: see linkcheck.h. Reads objects with binutils (nm, objdump), run without a shell:
// file names come from the submission.
#include "linkcheck.h"
#include "make_dirs.h"
#include "sandbox.h"
#include "scratch.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

// Calls that leave the process, or the test, without the test library seeing it, or that look
// functions up behind the linker's back. Allowed only where the reference makes the same call.
static const char *const guarded_calls[] = {
    "_exit", "_Exit", "quick_exit", "at_quick_exit", "syscall", "dlopen", "dlmopen", "dlsym", "dlvsym",
    "dladdr", "dladdr1", "dlinfo", "kill", "killpg", "tgkill", "tkill", "ptrace", "prctl",
    "__libc_start_main", "sigqueue", "pidfd_send_signal",
    // A new program in the test's process would end the test without the test library.
    "execve", "execv", "execvp", "execvpe", "execl", "execlp", "execle", "fexecve", "execveat",
    "posix_spawn", "posix_spawnp", "system", "popen",
};
// Prefixes of the test framework's own functions: student code has no business calling them.
static const char *const framework_prefixes[] = {"criterion_", "cr_", "cri_", "labtest", "__real_", "__wrap_"};

// Runs argv (no shell) and returns its standard output, or NULL if it failed.
static char *capture(char *const argv[])
{
    int out[2];
    if (pipe(out) < 0)
        return NULL;
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO), dup2(out[1], STDOUT_FILENO), dup2(null, STDERR_FILENO);
        close(out[0]), close(out[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(out[1]);
    size_t len = 0, cap = 4096;
    char *text = xmalloc(cap);
    ssize_t n;
    while (text && pid > 0 && (n = read(out[0], text + len, cap - len - 1)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        len += (size_t)n;
        if (cap - len < 2048)
            text = xrealloc(text, cap *= 2);
    }
    close(out[0]);
    int status = -1;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!text || pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        free(text);
        return NULL;
    }
    text[len] = '\0';
    return text;
}

// A set of words, as one string " a b c " (small sets: a lab's names and calls).
static int has_word(const char *set, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = set; (p = strstr(p, word)) != NULL; p++)
        if (p > set && p[-1] == ' ' && p[n] == ' ')
            return 1;
    return 0;
}

// Where the symbol of an `nm -A -P` line starts: after "OBJECT.o: " (an object) or
// "ARCHIVE.a[OBJECT.o]: " (a member of a release's reference library). NULL for other lines.
static const char *symbol_of(const char *line)
{
    size_t len = strcspn(line, "\n");
    for (const char *p = line; p + 3 < line + len; p++) {
        if (p[0] == '.' && p[1] == 'o' && p[2] == ':' && p[3] == ' ')
            return p + 4;
        if (p[0] == '.' && p[1] == 'o' && p[2] == ']' && p + 4 < line + len && p[3] == ':' && p[4] == ' ')
            return p + 5;
    }
    return NULL;
}

static void add_word(char **set, const char *word, size_t n)
{
    char *more = xformat("%s%.*s ", *set, (int)n, word);
    free(*set);
    *set = more;
}

// Starts `make TARGET` of lab.mk in the project (outside any sandbox: only for the instructor's
// files). Returns its pid, or -1.
static pid_t start_make(const struct lab_build *b, const char *target, const char *lab_dir, const char *src,
                        const char *depsrc, const char *dir)
{
    char *a1 = xformat("BUILD_LAB=%s", lab_dir), *a2 = xformat("LAB_SRC=%s", src), *a3 = xformat("LAB_DEPSRC=%s", depsrc),
         *a4 = xformat("LAB_OUT=%s", dir);
    char *argv[] = {"make", "-s", "--no-print-directory", "-C", (char *)b->root, (char *)target, a1, a2, a3, a4, NULL};
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO), dup2(null, STDOUT_FILENO), dup2(null, STDERR_FILENO);
        execvp(argv[0], argv);
        _exit(127);
    }
    free(a1), free(a2), free(a3), free(a4);
    return pid;
}

// Starts `make lab-objects`, which compiles the lab's sources into dir/objects. Returns its pid, or -1.
static pid_t start_objects(const struct lab_build *b, const char *lab_dir, const char *src, const char *depsrc,
                           const char *dir)
{
    return start_make(b, "lab-objects", lab_dir, src, depsrc, dir);
}

// Waits for start_objects's make. Returns 0 if it succeeded, else -1.
static int finish_objects(pid_t pid)
{
    int status = -1;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

// What nm and objdump say of every object in dir, in one run of each (a lab has dozens of
// objects, and a process start is what costs here). NULL when dir holds none or a tool failed.
struct listing {
    char *symbols;  // nm -A -P: "PATH: NAME TYPE [VALUE SIZE]"
    char *dump;     // objdump -h -d: "PATH:     file format ...", then sections, then code
};

// Lists the files given (objects, or archives of them) with one nm and one objdump.
static int read_objects(char **files, size_t n, struct listing *l)
{
    *l = (struct listing){0};
    if (n == 0)
        return -1;
    char **nm = xcalloc(n + 4, sizeof *nm), **objdump = xcalloc(n + 6, sizeof *objdump);
    nm[0] = "nm", nm[1] = "-A", nm[2] = "-P";
    objdump[0] = "objdump", objdump[1] = "-h", objdump[2] = "-d", objdump[3] = "-w", objdump[4] = "--no-show-raw-insn";
    for (size_t i = 0; i < n; i++)
        nm[3 + i] = objdump[5 + i] = files[i];
    l->symbols = capture(nm);
    l->dump = capture(objdump);
    free(nm), free(objdump);
    return l->symbols && l->dump ? 0 : -1;
}

// Every object in dir.
static int read_objects_in(const char *dir, struct listing *l)
{
    char **files = NULL;
    size_t n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len <= 2 || strcmp(e->d_name + len - 2, ".o") != 0)
            continue;
        files = xrealloc(files, (n + 1) * sizeof *files);
        files[n++] = xformat("%s/%s", dir, e->d_name);
    }
    if (d)
        closedir(d);
    int rc = read_objects(files, n, l);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    return rc;
}

// A release (and so the Gradescope autograder) has no solutions/: its reference is the prebuilt
// libraries ref/lib/lib<dir>.a of the lab and of those it builds on.
static int read_reference_libraries(const struct lab *lab, const struct lab_build *b, struct listing *l)
{
    char **files = xcalloc(b->ndeps + 1, sizeof *files);
    size_t n = 0;
    for (size_t i = 0; i <= b->ndeps; i++) {
        const char *dir = i < b->ndeps ? b->deps[i]->dir : lab->dir;
        files[n] = xformat("%s/ref/lib/lib%s.a", b->root, dir);
        if (files[n] && access(files[n], R_OK) == 0)
            n++;
        else
            free(files[n]);
    }
    int rc = n == b->ndeps + 1 ? read_objects(files, n, l) : -1;
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    return rc;
}

static int raw_syscall(const char *line)
{
    return strstr(line, "\tsyscall") || strstr(line, "\tsysenter") || strstr(line, "\tint    $0x80");
}

// nm's type of a symbol an object uses but does not define: U, or w / v for a weak reference
// (`void f(void) __attribute__((weak))`, which links even where f does not exist).
static int is_reference(char type)
{
    return type == 'U' || type == 'w' || type == 'v';
}

// A global definition: an upper-case nm type but U, or i (indirect function) or u (unique global).
static int is_global_definition(char type)
{
    return (type >= 'A' && type <= 'Z' && type != 'U') || type == 'i' || type == 'u';
}

// The globals the reference's objects define: all a lab may define (a name a header declares
// but also, say, `open`, must not be taken over by the lab's code).
static char *defined_globals(const struct listing *l)
{
    char *set = xstrdup(" ");
    for (const char *line = l->symbols; *line;) {
        char name[256], type[8];
        const char *at = symbol_of(line);
        if (at && sscanf(at, "%255s %7s", name, type) == 2 && is_global_definition(type[0]))
            add_word(&set, name, strlen(name));
        line += strcspn(line, "\n");
        line += *line == '\n';
    }
    return set;
}

// The calls the reference's objects make, "syscall-instruction" if it has any, and
// "init-sections" if the compiler gave it constructors of its own (the sanitizers' do).
static char *calls_made(const struct listing *l)
{
    char *set = xstrdup(" ");
    for (const char *line = l->symbols; *line;) {
        char name[256], type[8];
        const char *at = symbol_of(line);
        if (at && sscanf(at, "%255s %7s", name, type) == 2 && is_reference(type[0]))
            add_word(&set, name, strlen(name));
        line += strcspn(line, "\n");
        line += *line == '\n';
    }
    if (raw_syscall(l->dump))
        add_word(&set, "syscall-instruction", 19);
    if (strstr(l->dump, " .init_array."))
        add_word(&set, "init-sections", 13);
    return set;
}

static void refuse(char **why, const char *object, const char *fmt, const char *name)
{
    char *reason = xformat(fmt, name);
    char *more = xformat("%s  %s: %s\n", *why, object, reason);
    free(reason), free(*why);
    *why = more;
}

// "DIR/objects/LAB--FILE.o" -> "LAB/FILE.c", the file the student knows.
static char *source_name(const char *path, size_t len)
{
    char *object = strndup(path, len);
    char *base = strrchr(object, '/') ? strrchr(object, '/') + 1 : object;
    char *sep = strstr(base, "--");
    if (sep)
        *sep = '/', memmove(sep + 1, sep + 2, strlen(sep + 2) + 1);
    if (strlen(base) > 2)
        base[strlen(base) - 1] = 'c';
    char *name = xstrdup(base);
    free(object);
    return name;
}

static int guarded(const char *name)
{
    for (size_t i = 0; i < sizeof guarded_calls / sizeof *guarded_calls; i++)
        if (strcmp(name, guarded_calls[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof framework_prefixes / sizeof *framework_prefixes; i++)
        if (strncmp(name, framework_prefixes[i], strlen(framework_prefixes[i])) == 0)
            return 1;
    return 0;
}

// A constructor section the compiler made, not the lab's code: priorities up to 100 are the
// implementation's (the sanitizers' use them), and only where the reference has them too.
static int compilers_own(const char *section, const char *allowed)
{
    const char *dot = strrchr(section, '.');
    int reserved = dot && dot > section && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1) &&
                   atoi(dot + 1) <= 100;
    return reserved && has_word(allowed, "init-sections");
}

// Checks the student's objects; appends each reason to refuse one to *why.
static void check_objects(const struct listing *l, const char *defined, const char *allowed, char **why)
{
    // nm: a global must be one the reference defines too; an undefined symbol must not be a
    // guarded call the reference does not make.
    for (const char *line = l->symbols; *line;) {
        char name[256], type[8];
        const char *at = symbol_of(line);
        if (at && sscanf(at, "%255s %7s", name, type) == 2) {
            char t = type[0], *object = source_name(line, (size_t)(at - 2 - line));
            if (is_global_definition(t) && !has_word(defined, name))
                refuse(why, object, "defines `%s`, a global the lab does not define: make it `static` "
                       "(and if it is main(), remove it: the tests have their own)", name);
            if (is_reference(t) && guarded(name) && !has_word(allowed, name))
                refuse(why, object, "uses `%s`, which this lab's code never needs (to end early, return an "
                       "error; the test framework's functions are the tests' own)", name);
            free(object);
        }
        line += strcspn(line, "\n");
        line += *line == '\n';
    }
    // objdump: constructors and destructors run outside any test, and Criterion's sections (tests,
    // report hooks) are the instructor's; every section a compiler makes for C begins with '.'.
    char *object = NULL;
    int syscall_said = 0, in_sections = 0; // the section table, before the disassembly
    for (const char *line = l->dump; *line;) {
        size_t len = strcspn(line, "\n");
        const char *format_at = strstr(line, ":     file format ");
        int index;
        char name[256];
        if (format_at && format_at < line + len) {
            free(object);
            object = source_name(line, (size_t)(format_at - line));
            syscall_said = in_sections = 0;
        } else if (strncmp(line, "Sections:", 9) == 0 || strncmp(line, "Disassembly of", 14) == 0) {
            in_sections = line[0] == 'S';
        } else if (object && in_sections && sscanf(line, " %d %255s", &index, name) == 2 &&
                   (name[0] != '.' || ((strstr(name, "init_array") || strstr(name, "fini_array") ||
                                        strstr(name, "ctors") || strstr(name, "dtors")) &&
                                       !compilers_own(name, allowed)))) {
            refuse(why, object, "has a section `%s` (a constructor, a destructor or a test framework's "
                   "section): code of a lab runs only when the tests call it", name);
        } else if (object && !syscall_said && raw_syscall(line) && !has_word(allowed, "syscall-instruction")) {
            char *text = strndup(line, len);
            if (raw_syscall(text)) {
                refuse(why, object, "%s", "makes a raw system call (inline assembly): call the C library instead");
                syscall_said = 1;
            }
            free(text);
        }
        line += len;
        line += *line == '\n';
    }
    free(object);
}

static const char *env_or(const char *name, const char *otherwise)
{
    const char *value = getenv(name);
    return value && *value ? value : otherwise;
}

// Starts `make test-objects`: the lab's tests compiled against the handout's headers (labs/), which
// are the headers every scratch copy holds. Returns its pid, or -1.
static pid_t start_test_objects(const struct lab_build *b, const char *lab_dir, const char *dir)
{
    char *handout = xformat("%s/labs", b->root);
    pid_t pid = start_make(b, "test-objects", lab_dir, handout, handout, dir);
    free(handout);
    return pid;
}

// Compiles the reference's objects for lab into ref_out. With GRADE_REFERENCE_CACHE=DIR (make
// test's planted cases grade dozens of copies against one unchanged solutions/), ref_out is a
// folder of DIR named for the lab and the flags that change its objects, compiled by the first
// grader that needs it, under a lock, and read by the others (root's only: mode 0700); so are the
// tests' objects (ref_out/test-objects), which every copy links. Returns 0, or -1.
static int compile_reference(const struct lab_build *b, const struct lab *lab, const char *solutions,
                             const char *ref_out)
{
    if (!env_or("GRADE_REFERENCE_CACHE", NULL)) // unset or empty: no cache
        return finish_objects(start_objects(b, lab->dir, solutions, solutions, ref_out));
    char *lock_path = xformat("%s/lock", ref_out), *complete = xformat("%s/complete", ref_out);
    int rc = -1, lock = make_dirs(ref_out, 0700) == 0 ? open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
    if (lock >= 0 && flock(lock, LOCK_EX) == 0) {
        rc = access(complete, F_OK) == 0 ? 0 : finish_objects(start_objects(b, lab->dir, solutions, solutions, ref_out));
        // The tests' objects are a saving, not a need: if they do not compile here, none are
        // given, and every copy compiles the tests in its sandbox, where the error is shown.
        if (rc == 0 && access(complete, F_OK) != 0 && finish_objects(start_test_objects(b, lab->dir, ref_out)) != 0) {
            char *tests = xformat("%s/test-objects", ref_out);
            scratch_remove(tests);
            free(tests);
        }
        int stamp = rc == 0 ? open(complete, O_WRONLY | O_CREAT | O_CLOEXEC, 0644) : -1;
        if (stamp >= 0)
            close(stamp);
    }
    if (lock >= 0)
        close(lock); // and its lock with it
    free(lock_path), free(complete);
    return rc;
}

char *linkcheck_lab(const struct lab *lab, const struct lab_build *b)
{
    const char *cache = env_or("GRADE_REFERENCE_CACHE", NULL);
    char *ref_out = cache ? xformat("%s/%s-cc=%s-san=%s-fast=%s", cache, lab->dir, env_or("CC", "cc"),
                                    env_or("SAN", "0"), env_or("LAB04_FAST", "0"))
                          : xformat("%s/reference-objects/%s", b->out, lab->dir);
    char *theirs = xformat("%s/objects", ref_out), *mine = xformat("%s/checked", b->box->scratch);
    char *solutions = xformat("%s/solutions", b->root), *reference_dir = xformat("%s/%s", solutions, lab->dir);
    char *why = xstrdup(""), *defined = NULL, *allowed = NULL;
    struct listing reference = {0}, student = {0};
    int reference_ok;
    if (access(reference_dir, F_OK) == 0) {
        // Compiled before the student's objects, not beside them: the sandbox's sweep after the
        // student's compilation kills every child of the grader.
        reference_ok = compile_reference(b, lab, solutions, ref_out) == 0 && read_objects_in(theirs, &reference) == 0;
        // Not for the hostile cases of make test (GRADE_TEST_OBJECTS=0), which prove how real
        // grading compiles the tests; and not at level none, where student code runs as the
        // grader's own user and could rewrite the cache for the copies after it.
        const char *give = getenv("GRADE_TEST_OBJECTS");
        if (reference_ok && cache && !(give && strcmp(give, "0") == 0) && b->box->level != SANDBOX_NONE) {
            char *tests = xformat("%s/test-objects", ref_out);
            scratch_give_test_objects(b->box->scratch, tests); // if it fails, the box compiles them
            free(tests);
        }
    } else if (read_reference_libraries(lab, b, &reference) == 0) {
        reference_ok = 1;
    } else {
        // A copy of the course with neither solutions/ nor a release's ref/: no rules to check by.
        fprintf(stderr, "grade: no reference for lab %s: its objects are not checked\n", lab->id);
        goto done;
    }
    if (build_lab_objects(lab, b) != 0)
        goto done; // it does not compile: the build says why, better than we could
    if (!reference_ok) {
        free(why);
        why = xformat("Lab %s could not be checked: the reference solution does not compile (tell the "
                     "instructor).", lab->id);
    } else if (scratch_take_objects(b->box->scratch) <= 0 || read_objects_in(mine, &student) != 0) {
        free(why);
        why = xformat("Lab %s could not be checked: its objects could not be read (are they regular files?).",
                     lab->id);
    } else {
        defined = defined_globals(&reference);
        allowed = calls_made(&reference);
        check_objects(&student, defined, allowed, &why);
    }
done:
    free(reference.symbols), free(reference.dump), free(student.symbols), free(student.dump);
    free(ref_out), free(theirs), free(mine), free(solutions), free(reference_dir), free(defined), free(allowed);
    if (why && *why) {
        char *message = xformat("Lab %s was refused before any test ran, so it scores 0:\n%s", lab->id, why);
        free(why);
        return message;
    }
    free(why);
    return NULL;
}
