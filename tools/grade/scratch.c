// scratch: builds the scratch copy of one lab. See scratch.h.
#include "scratch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "make_dirs.h"
#include "xalloc.h"

// A student's file is source code: anything bigger is not an honest lab file.
#define LARGEST_FILE (4L << 20)

static void note(char **notes, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line = NULL;
    xvasprintf(&line, fmt, ap);
    va_end(ap);
    char *joined = NULL;
    if (line && xasprintf(&joined, "%s%s\n", *notes ? *notes : "", line) >= 0) {
        free(*notes);
        *notes = joined;
    }
    free(line);
}

// Copies the regular file from (never through a link, never a FIFO or device) to a new file
// to. Returns 0, or -1 with errno (ELOOP: a link; EINVAL: not a regular file; EFBIG).
static int copy_regular(const char *from, const char *to, mode_t mode)
{
    int in = open(from, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (in < 0)
        return -1;
    struct stat st;
    if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > LARGEST_FILE) {
        int why = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
        close(in);
        errno = why;
        return -1;
    }
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    char buf[65536];
    ssize_t n = 0;
    while (out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            n = -1;
    close(in);
    if (out < 0 || n < 0 || close(out) != 0)
        return -1;
    return 0;
}

// out = dir/name; an over-long path is left empty, which no open() accepts.
static char *join(char out[PATH_MAX], const char *dir, const char *name)
{
    if (snprintf(out, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX)
        out[0] = '\0';
    return out;
}

static int same_content(const char *a, const char *b)
{
    FILE *fa = fopen(a, "r"), *fb = fopen(b, "r");
    int same = fa && fb;
    while (same) {
        int ca = fgetc(fa), cb = fgetc(fb);
        same = ca == cb;
        if (ca == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

// Every regular file of the instructor's directory from, into a new directory to.
static int copy_dir(const char *from, const char *to)
{
    DIR *d = opendir(from);
    if (!d || make_dirs(to, 0755) < 0)
        return d ? closedir(d), -1 : -1;
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d));) {
        char a[PATH_MAX], b[PATH_MAX];
        join(a, from, e->d_name);
        join(b, to, e->d_name);
        struct stat st;
        if (e->d_name[0] != '.' && lstat(a, &st) == 0 && S_ISREG(st.st_mode))
            rc = copy_regular(a, b, 0644);
    }
    closedir(d);
    return rc;
}

static int is_header(const char *name)
{
    size_t n = strlen(name);
    return n > 2 && strcmp(name + n - 2, ".h") == 0;
}

// src/<dir> from the submission's folder, by the handout's list of names.
static int copy_lab(const char *root, const char *dir, const char *from, const char *to, char **notes)
{
    char handout[PATH_MAX];
    snprintf(handout, sizeof handout, "%s/labs/%s", root, dir);
    DIR *d = opendir(handout);
    if (!d || make_dirs(to, 0755) < 0) {
        note(notes, "The grader cannot read the handout of lab %s (%s).", dir, strerror(errno));
        return d ? closedir(d), -1 : -1;
    }
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d));) {
        char given[PATH_MAX], theirs[PATH_MAX], copy[PATH_MAX];
        join(given, handout, e->d_name);
        join(theirs, from, e->d_name);
        join(copy, to, e->d_name);
        struct stat st;
        if (e->d_name[0] == '.' || lstat(given, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (is_header(e->d_name)) {
            if (!same_content(given, theirs))
                note(notes, "%s/%s: the handout's header is used, not yours (a header is the lab's contract).",
                     dir, e->d_name);
            rc = copy_regular(given, copy, 0644);
        } else if (copy_regular(theirs, copy, 0644) != 0) {
            struct stat mine;
            int absent = lstat(theirs, &mine) != 0;
            note(notes, "%s/%s: %s, so the handout's file is used instead.", dir, e->d_name,
                 absent ? "not in the submission" : S_ISLNK(mine.st_mode) ? "a symbolic link is not accepted"
                 : S_ISREG(mine.st_mode) ? "larger than any lab file should be" : "not a regular file");
            unlink(copy);
            rc = copy_regular(given, copy, 0644);
        }
    }
    closedir(d);
    // Names the handout does not give are never built; say so, so that nobody wonders why.
    DIR *s = opendir(from);
    for (struct dirent *e; s && (e = readdir(s));) {
        char given[PATH_MAX];
        join(given, handout, e->d_name);
        if (e->d_name[0] != '.' && access(given, F_OK) != 0)
            note(notes, "%s/%s: not a file of the handout, so it is not used.", dir, e->d_name);
    }
    if (s)
        closedir(s);
    return rc;
}

// A student release has no solutions/: the reference of a lab it depends on is ref/lib/lib<dir>.a
// (and -san.a) with ref/include/<dir>/ (tools/release/reflibs.sh); lab.mk links those.
static int copy_reference_objects(const char *root, const char *dep, const char *dir)
{
    char a[PATH_MAX], b[PATH_MAX];
    static const char *const made[] = {"ref", "ref/lib", "ref/include"};
    for (size_t i = 0; i < sizeof made / sizeof *made; i++)
        make_dirs(join(b, dir, made[i]), 0755);
    snprintf(a, sizeof a, "%s/ref/include/%s", root, dep);
    snprintf(b, sizeof b, "%s/ref/include/%s", dir, dep);
    if (copy_dir(a, b) != 0)
        return -1;
    for (int san = 0; san < 2; san++) {
        snprintf(a, sizeof a, "%s/ref/lib/lib%s%s.a", root, dep, san ? "-san" : "");
        snprintf(b, sizeof b, "%s/ref/lib/lib%s%s.a", dir, dep, san ? "-san" : "");
        if (access(a, F_OK) == 0 && copy_regular(a, b, 0644) != 0)
            return -1;
    }
    return 0;
}

char *scratch_make(const char *root, const char *ref_root, const struct lab *lab, const struct lab *const *deps,
                   size_t ndeps, const char *src, const char *depsrc, uid_t owner, char **notes)
{
    char tmpl[] = "/tmp/grade-XXXXXX";
    if (!mkdtemp(tmpl)) {
        note(notes, "The grader cannot make its scratch copy: %s.", strerror(errno));
        return NULL;
    }
    char *dir = xstrdup(tmpl);
    chmod(dir, 0755);
    char a[PATH_MAX], b[PATH_MAX];
    int rc = 0;
    snprintf(a, sizeof a, "%s/tools/grade/lab.mk", root);
    rc |= copy_regular(a, join(b, dir, "lab.mk"), 0644);
    rc |= make_dirs(join(b, dir, "test"), 0755);
    snprintf(a, sizeof a, "%s/test/lib", root);
    rc |= copy_dir(a, join(b, dir, "test/lib"));
    snprintf(a, sizeof a, "%s/test/%s", root, lab->dir);
    snprintf(b, sizeof b, "%s/test/%s", dir, lab->dir);
    rc |= copy_dir(a, b);
    static const char *const dirs[] = {"src", "bin", "root", "out"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        join(b, dir, dirs[i]);
        rc |= make_dirs(b, 0755);
    }
    rc |= chown(b, owner, owner) | chmod(b, 0700); // out/, the last: the only place student code writes
    if (rc != 0)
        note(notes, "The grader cannot make its scratch copy: %s.", strerror(errno));
    for (size_t i = 0; rc == 0 && i <= ndeps; i++) {
        const char *d = i == 0 ? lab->dir : deps[i - 1]->dir;
        snprintf(a, sizeof a, "%s/%s", i == 0 ? src : depsrc ? depsrc : "", d);
        snprintf(b, sizeof b, "%s/src/%s", dir, d);
        struct stat st;
        if (i > 0 && (depsrc == NULL || stat(a, &st) != 0))
            rc = copy_reference_objects(ref_root, d, dir);
        else
            rc = copy_lab(root, d, a, b, notes);
    }
    if (rc != 0) {
        scratch_remove(dir);
        free(dir);
        return NULL;
    }
    return dir;
}

int scratch_take_binary(const char *dir)
{
    char from[PATH_MAX], to[PATH_MAX];
    snprintf(from, sizeof from, "%s/out/test", dir);
    snprintf(to, sizeof to, "%s/bin/test", dir);
    unlink(to);
    return copy_regular(from, to, 0755);
}

int scratch_take_objects(const char *dir)
{
    char from[PATH_MAX], to[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
    snprintf(from, sizeof from, "%s/out/objects", dir);
    snprintf(to, sizeof to, "%s/checked", dir);
    scratch_remove(to);
    // out/ is the sandbox user's: objects/ may be a link to anywhere, so it is opened without
    // following one, and each entry is copied only if it is a regular file.
    int fd = open(from, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    int n = 0;
    if (mkdir(to, 0755) != 0)
        n = -1;
    for (struct dirent *e; n >= 0 && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 3 || strcmp(e->d_name + len - 2, ".o") != 0)
            continue;
        n = copy_regular(join(a, from, e->d_name), join(b, to, e->d_name), 0644) == 0 ? n + 1 : -1;
    }
    closedir(d);
    return n;
}

FILE *scratch_fopen(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        return NULL;
    }
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!f && fd >= 0)
        close(fd);
    return f;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void scratch_remove(const char *dir)
{
    if (dir)
        nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
