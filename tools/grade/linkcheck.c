// linkcheck: see linkcheck.h. Reads objects with binutils (nm, objdump), run without a shell:
// file names come from the submission.
#include "linkcheck.h"

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
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
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
    char *text = malloc(cap);
    ssize_t n;
    while (text && pid > 0 && (n = read(out[0], text + len, cap - len - 1)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        len += (size_t)n;
        if (cap - len < 2048)
            text = realloc(text, cap *= 2);
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
    char *set = strdup(" ");
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

// Compiles the lab's objects into dir/objects through `make lab-objects`. Returns 0 or -1.
static int make_objects(const struct lab_build *b, const char *lab_dir, const char *src, const char *depsrc,
                        const char *dir)
{
    char *a1 = format("BUILD_LAB=%s", lab_dir), *a2 = format("LAB_SRC=%s", src), *a3 = format("LAB_DEPSRC=%s", depsrc),
         *a4 = format("LAB_OUT=%s", dir);
    char *argv[] = {"make", "-s", "--no-print-directory", "-C", (char *)b->root, "lab-objects", a1, a2, a3, a4, NULL};
    char *out = capture(argv);
    int ok = out != NULL;
    free(out), free(a1), free(a2), free(a3), free(a4);
    return ok ? 0 : -1;
}

// Calls and raw system calls the objects in dir make: " name name ... syscall-instruction ".
static char *calls_made(const char *dir)
{
    char *set = strdup(" ");
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strstr(e->d_name, ".o"))
            continue;
        char *path = format("%s/%s", dir, e->d_name);
        char *nm[] = {"nm", "-P", "-u", path, NULL}, *dis[] = {"objdump", "-d", "--no-show-raw-insn", path, NULL};
        char *undefined = capture(nm), *code = capture(dis);
        for (char *line = undefined; line && *line;) {
            size_t n = strcspn(line, " \n");
            add_word(&set, line, n);
            line += strcspn(line, "\n");
            line += *line == '\n';
        }
        if (code && (strstr(code, "\tsyscall") || strstr(code, "\tsysenter") || strstr(code, "\tint    $0x80")))
            add_word(&set, "syscall-instruction", 19);
        free(undefined), free(code), free(path);
    }
    if (d)
        closedir(d);
    return set;
}

static void refuse(char **why, const char *object, const char *fmt, const char *name)
{
    char *reason = format(fmt, name);
    char *more = format("%s  %s: %s\n", *why, object, reason);
    free(reason), free(*why);
    *why = more;
}

// Checks one student object; appends each reason to refuse it to *why.
static void check_object(const char *path, const char *object, const char *declared, const char *allowed,
                         char **why)
{
    char *nm_defined[] = {"nm", "-P", "--defined-only", (char *)path, NULL};
    char *nm_undefined[] = {"nm", "-P", "-u", (char *)path, NULL};
    char *sections[] = {"objdump", "-h", "-w", (char *)path, NULL};
    char *dis[] = {"objdump", "-d", "--no-show-raw-insn", (char *)path, NULL};
    char *defined = capture(nm_defined), *undefined = capture(nm_undefined), *heads = capture(sections),
         *code = capture(dis);
    if (!defined || !undefined || !heads || !code) {
        refuse(why, object, "%s", "could not be read as an object file");
        goto done;
    }
    // "name type value size": a global (upper-case type, or i/u) must be a name the lab declares.
    for (char *line = defined; *line;) {
        char name[256], type[8];
        if (sscanf(line, "%255s %7s", name, type) == 2) {
            char t = type[0];
            int global = (t >= 'A' && t <= 'Z' && t != 'U') || t == 'i' || t == 'u';
            if (global && !has_word(declared, name))
                refuse(why, object, "defines `%s`, which no header of the lab declares: make it `static` "
                       "(and if it is main(), remove it: the tests have their own)", name);
        }
        line += strcspn(line, "\n");
        line += *line == '\n';
    }
    for (char *line = undefined; *line;) {
        char name[256];
        if (sscanf(line, "%255s", name) == 1) {
            int guarded = 0;
            for (size_t i = 0; i < sizeof guarded_calls / sizeof *guarded_calls; i++)
                guarded |= strcmp(name, guarded_calls[i]) == 0;
            for (size_t i = 0; i < sizeof framework_prefixes / sizeof *framework_prefixes; i++)
                guarded |= strncmp(name, framework_prefixes[i], strlen(framework_prefixes[i])) == 0;
            if (guarded && !has_word(allowed, name))
                refuse(why, object, "uses `%s`, which this lab's code never needs (to end early, return an "
                       "error; the test framework's functions are the tests' own)", name);
        }
        line += strcspn(line, "\n");
        line += *line == '\n';
    }
    // "  N name size ...": constructors and destructors run outside any test; Criterion's sections
    // (tests, report hooks) are the instructor's. Every section a compiler makes begins with '.'.
    for (char *line = heads; *line;) {
        int index;
        char name[256];
        if (sscanf(line, " %d %255s", &index, name) == 2 &&
            (name[0] != '.' || strstr(name, "init_array") || strstr(name, "fini_array") || strstr(name, "ctors") ||
             strstr(name, "dtors")))
            refuse(why, object, "has a section `%s` (a constructor, a destructor or a test framework's "
                   "section): code of a lab runs only when the tests call it", name);
        line += strcspn(line, "\n");
        line += *line == '\n';
    }
    if ((strstr(code, "\tsyscall") || strstr(code, "\tsysenter") || strstr(code, "\tint    $0x80")) &&
        !has_word(allowed, "syscall-instruction"))
        refuse(why, object, "%s", "makes a raw system call (inline assembly): call the C library instead");
done:
    free(defined), free(undefined), free(heads), free(code);
}

char *linkcheck_lab(const struct lab *lab, const struct lab_build *b)
{
    char *out = format("%s/%s", b->out, lab->dir), *ref_out = format("%s/reference-objects/%s", b->out, lab->dir);
    char *mine = format("%s/objects", out), *theirs = format("%s/objects", ref_out);
    char *solutions = format("%s/solutions", b->root);
    char *why = strdup(""), *declared = NULL, *allowed = NULL;
    char *reference = format("%s/%s", solutions, lab->dir);
    int have_reference = access(reference, F_OK) == 0;
    free(reference);
    if (!have_reference) {
        // A student's copy of the course, without solutions/: nothing to derive the rules from.
        // The autograder always has it.
        fprintf(stderr, "grade: no reference for lab %s: its objects are not checked\n", lab->id);
        goto done;
    }
    if (make_objects(b, lab->dir, b->src, b->depsrc, out) != 0)
        goto done; // it does not compile: the build says why, better than we could
    if (make_objects(b, lab->dir, solutions, solutions, ref_out) != 0) {
        free(why);
        why = format("Lab %s could not be checked: the reference solution does not compile (tell the "
                     "instructor).", lab->id);
        goto done;
    }
    declared = declared_names(b->root);
    allowed = calls_made(theirs);
    DIR *d = opendir(mine);
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t l = strlen(e->d_name);
        if (l < 3 || strcmp(e->d_name + l - 2, ".o") != 0)
            continue;
        char *path = format("%s/%s", mine, e->d_name);
        // Objects are named DIR--FILE.o: the student reads FILE.c in DIR.
        char *object = format("%s", e->d_name);
        char *sep = strstr(object, "--");
        if (sep)
            *sep = '/', memmove(sep + 1, sep + 2, strlen(sep + 2) + 1);
        object[strlen(object) - 1] = 'c';
        check_object(path, object, declared, allowed, &why);
        free(path), free(object);
    }
    if (d)
        closedir(d);
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
