// linkcheck: see linkcheck.h. Reads objects with binutils (nm, objdump), run without a shell:
// file names come from the submission.
#include "linkcheck.h"
#include "sandbox.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

// Calls that leave the process, or the test, without the test library seeing it, or that look
// functions up behind the linker's back. Allowed only where the reference makes the same call.
static const char *const guarded_calls[] = {
    "_exit", "_Exit", "quick_exit", "at_quick_exit", "syscall", "dlopen", "dlmopen", "dlsym", "dlvsym",
    "dladdr", "dladdr1", "dlinfo", "kill", "killpg", "tgkill", "tkill", "ptrace", "prctl",
    "__libc_start_main", "sigqueue", "pidfd_send_signal",
};
// Prefixes of the test framework's own functions: student code has no business calling them.
static const char *const framework_prefixes[] = {"criterion_", "cr_", "cri_", "labtest", "__real_", "__wrap_"};

static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    xvasprintf(&s, fmt, ap);
    va_end(ap);
    return s;
}

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

static void add_word(char **set, const char *word, size_t n)
{
    char *more = format("%s%.*s ", *set, (int)n, word);
    free(*set);
    *set = more;
}

// Every identifier in the reference's headers (comments skipped): what a lab may define globally.
static char *declared_names(const char *root)
{
    char *set = xstrdup(" ");
    char *dir = format("%s/solutions", root);
    DIR *labs = opendir(dir);
    for (struct dirent *lab; labs && (lab = readdir(labs));) {
        if (lab->d_name[0] == '.')
            continue;
        char *sub = format("%s/%s", dir, lab->d_name);
        DIR *files = opendir(sub);
        for (struct dirent *e; files && (e = readdir(files));) {
            size_t l = strlen(e->d_name);
            if (l < 3 || strcmp(e->d_name + l - 2, ".h") != 0)
                continue;
            char *path = format("%s/%s", sub, e->d_name);
            FILE *f = fopen(path, "r");
            char line[1024];
            int in_comment = 0;
            while (f && fgets(line, sizeof line, f)) {
                for (char *p = line; *p;) {
                    if (in_comment) {
                        char *end = strstr(p, "*/");
                        if (!end)
                            break;
                        in_comment = 0, p = end + 2;
                    } else if (p[0] == '/' && p[1] == '*') {
                        in_comment = 1, p += 2;
                    } else if (p[0] == '/' && p[1] == '/') {
                        break;
                    } else if (*p == '_' || ((*p | 32) >= 'a' && (*p | 32) <= 'z')) {
                        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
                        add_word(&set, p, n);
                        p += n;
                    } else {
                        p++;
                    }
                }
            }
            if (f)
                fclose(f);
            free(path);
        }
        if (files)
            closedir(files);
        free(sub);
    }
    if (labs)
        closedir(labs);
    free(dir);
    return set;
}

// Starts `make lab-objects`, which compiles the lab's sources into dir/objects. Returns its pid, or -1.
static pid_t start_objects(const struct lab_build *b, const char *lab_dir, const char *src, const char *depsrc,
                           const char *dir)
{
    char *a1 = format("BUILD_LAB=%s", lab_dir), *a2 = format("LAB_SRC=%s", src), *a3 = format("LAB_DEPSRC=%s", depsrc),
         *a4 = format("LAB_OUT=%s", dir);
    char *argv[] = {"make", "-s", "--no-print-directory", "-C", (char *)b->root, "lab-objects", a1, a2, a3, a4, NULL};
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

static int read_objects(const char *dir, struct listing *l)
{
    *l = (struct listing){0};
    char **files = NULL;
    size_t n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len > 2 && strcmp(e->d_name + len - 2, ".o") == 0) {
            files = xrealloc(files, (n + 8) * sizeof *files);
            files[n++] = format("%s/%s", dir, e->d_name);
        }
    }
    if (d)
        closedir(d);
    if (n == 0) {
        free(files);
        return -1;
    }
    char **nm = xcalloc(n + 4, sizeof *nm), **objdump = xcalloc(n + 6, sizeof *objdump);
    nm[0] = "nm", nm[1] = "-A", nm[2] = "-P";
    objdump[0] = "objdump", objdump[1] = "-h", objdump[2] = "-d", objdump[3] = "-w", objdump[4] = "--no-show-raw-insn";
    for (size_t i = 0; i < n; i++)
        nm[3 + i] = objdump[5 + i] = files[i];
    l->symbols = capture(nm);
    l->dump = capture(objdump);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files), free(nm), free(objdump);
    return l->symbols && l->dump ? 0 : -1;
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

// The calls the reference's objects make, and "syscall-instruction" if it has any.
static char *calls_made(const struct listing *l)
{
    char *set = xstrdup(" ");
    for (const char *line = l->symbols; *line;) {
        char name[256], type[8];
        const char *at = strstr(line, ".o: ");
        if (at && sscanf(at + 4, "%255s %7s", name, type) == 2 && is_reference(type[0]))
            add_word(&set, name, strlen(name));
        line += strcspn(line, "\n");
        line += *line == '\n';
    }
    if (raw_syscall(l->dump))
        add_word(&set, "syscall-instruction", 19);
    return set;
}

static void refuse(char **why, const char *object, const char *fmt, const char *name)
{
    char *reason = format(fmt, name);
    char *more = format("%s  %s: %s\n", *why, object, reason);
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

// Checks the student's objects; appends each reason to refuse one to *why.
static void check_objects(const struct listing *l, const char *declared, const char *allowed, char **why)
{
    // nm: a global (upper-case type, or i/u) must be a name the lab declares; an undefined
    // symbol must not be a guarded call the reference does not make.
    for (const char *line = l->symbols; *line;) {
        char name[256], type[8];
        const char *at = strstr(line, ".o: ");
        if (at && sscanf(at + 4, "%255s %7s", name, type) == 2) {
            char t = type[0], *object = source_name(line, (size_t)(at + 2 - line));
            int global = (t >= 'A' && t <= 'Z' && t != 'U') || t == 'i' || t == 'u';
            if (global && !has_word(declared, name))
                refuse(why, object, "defines `%s`, which no header of the lab declares: make it `static` "
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
                   (name[0] != '.' || strstr(name, "init_array") || strstr(name, "fini_array") ||
                    strstr(name, "ctors") || strstr(name, "dtors"))) {
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

char *linkcheck_lab(const struct lab *lab, const struct lab_build *b)
{
    char *out = format("%s/%s", b->out, lab->dir), *ref_out = format("%s/reference-objects/%s", b->out, lab->dir);
    // The student's objects are compiled as the sandbox user in the scratch copy; the reference's
    // by the grader, from the instructor's files.
    char *mine = format("%s/out/objects", b->box->scratch), *theirs = format("%s/objects", ref_out);
    char *solutions = format("%s/solutions", b->root);
    char *why = xstrdup(""), *declared = NULL, *allowed = NULL;
    char *reference_dir = format("%s/%s", solutions, lab->dir);
    int have_reference = access(reference_dir, F_OK) == 0;
    free(reference_dir);
    if (!have_reference) {
        // A student's copy of the course, without solutions/: nothing to derive the rules from.
        // The autograder always has it.
        fprintf(stderr, "grade: no reference for lab %s: its objects are not checked\n", lab->id);
        goto done;
    }
    // One after the other: the sandbox's sweep after the student's compilation kills every child
    // of the grader, which would include a reference compilation still running.
    int reference_ok = finish_objects(start_objects(b, lab->dir, solutions, solutions, ref_out)) == 0;
    int student_ok = build_lab_objects(lab, b) == 0;
    if (!student_ok)
        goto done; // it does not compile: the build says why, better than we could
    if (!reference_ok) {
        free(why);
        why = format("Lab %s could not be checked: the reference solution does not compile (tell the "
                     "instructor).", lab->id);
        goto done;
    }
    struct listing reference = {0}, student = {0};
    if (read_objects(theirs, &reference) == 0 && read_objects(mine, &student) == 0) {
        declared = declared_names(b->root);
        allowed = calls_made(&reference);
        check_objects(&student, declared, allowed, &why);
    } else {
        free(why);
        why = format("Lab %s could not be checked: nm or objdump could not read its objects.", lab->id);
    }
    free(reference.symbols), free(reference.dump), free(student.symbols), free(student.dump);
done:
    free(out), free(ref_out), free(mine), free(theirs), free(solutions), free(declared), free(allowed);
    if (why && *why) {
        char *message = format("Lab %s was refused before any test ran, so it scores 0:\n%s", lab->id, why);
        free(why);
        return message;
    }
    free(why);
    return NULL;
}
