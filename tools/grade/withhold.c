// withhold: see withhold.h. The lines are kept sorted and found by binary search: a run reads
// a few hundred lines of output per test against a few thousand lines of reference.
#include "withhold.h"

#include "projfile.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct withheld {
    char **lines;
    size_t n, cap;
};

// Shorter lines ("}", "return 0;") say nothing of a solution and appear in any output.
enum { MIN_SECRET = 10 };

static const char note[] = "[a line of the reference solution is not shown]";

static char *trimmed(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return strndup(s, n);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void push(struct withheld *w, char *line)
{
    if (w->n == w->cap)
        w->lines = xrealloc(w->lines, (w->cap = w->cap ? 2 * w->cap : 1024) * sizeof *w->lines);
    w->lines[w->n++] = line;
}

// Adds every line (MIN_SECRET or longer) of the file at path to w.
static void add_file(struct withheld *w, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    while (f && getline(&line, &cap, f) > 0) {
        char *t = trimmed(line, strcspn(line, "\n"));
        if (strlen(t) < MIN_SECRET)
            free(t);
        else
            push(w, t);
    }
    free(line);
    if (f)
        fclose(f);
}

// Adds every line (MIN_SECRET or longer) of every file under dir/*/ to w.
static void add_tree(struct withheld *w, const char *dir)
{
    DIR *labs = opendir(dir);
    for (struct dirent *lab; labs && (lab = readdir(labs));) {
        if (lab->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", dir, lab->d_name);
        DIR *files = opendir(sub);
        for (struct dirent *e; files && (e = readdir(files));) {
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", sub, e->d_name);
            if (e->d_name[0] != '.')
                add_file(w, path);
        }
        if (files)
            closedir(files);
    }
    if (labs)
        closedir(labs);
}

static int contains(const struct withheld *w, const char *line)
{
    return w->n && bsearch(&line, w->lines, w->n, sizeof *w->lines, by_text) != NULL;
}

struct withheld *withhold_load(const char *root)
{
    char dir[4096];
    struct withheld given = {0}, *w = xcalloc(1, sizeof *w);
    snprintf(dir, sizeof dir, "%s/labs", root);
    add_tree(&given, dir);
    qsort(given.lines, given.n, sizeof *given.lines, by_text);
    struct withheld all = {0};
    snprintf(dir, sizeof dir, "%s/solutions", root);
    add_tree(&all, dir);
    for (size_t i = 0; i < all.n; i++) {
        if (contains(&given, all.lines[i])) {
            free(all.lines[i]);
            continue;
        }
        push(w, all.lines[i]);
    }
    free(all.lines);
    for (size_t i = 0; i < given.n; i++)
        free(given.lines[i]);
    free(given.lines);
    qsort(w->lines, w->n, sizeof *w->lines, by_text);
    return w;
}

void withhold_apply(const struct withheld *w, char **text)
{
    if (!w || !*text)
        return;
    size_t lines = 1;
    for (const char *p = *text; *p; p++)
        lines += *p == '\n';
    char *out = xmalloc(strlen(*text) + lines * sizeof note + 1), *o = out;
    for (const char *line = *text; *line;) {
        size_t n = strcspn(line, "\n");
        char *t = trimmed(line, n);
        if (contains(w, t)) {
            memcpy(o, note, sizeof note - 1), o += sizeof note - 1;
        } else {
            memcpy(o, line, n), o += n;
        }
        free(t);
        line += n;
        if (*line == '\n')
            *o++ = *line++;
    }
    *o = '\0';
    free(*text);
    *text = out;
}

void withhold_free(struct withheld *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->n; i++)
        free(w->lines[i]);
    free(w->lines);
    free(w);
}

// Whether the file at path defines a test of suite: "Test(suite," with any spacing.
static int defines_suite(const char *path, const char *suite)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    int found = 0;
    while (f && !found && getline(&line, &cap, f) > 0) {
        const char *p = strstr(line, "Test(");
        if (!p)
            continue;
        p += 5;
        p += strspn(p, " \t");
        size_t n = strlen(suite);
        found = strncmp(p, suite, n) == 0 && strchr(" \t,", p[n]) != NULL;
    }
    free(line);
    if (f)
        fclose(f);
    return found;
}

void withhold_hidden_tests(struct withheld *w, const char *root, const struct project *p)
{
    if (!w)
        return;
    for (size_t l = 0; l < p->nlabs; l++) {
        const struct lab *lab = &p->labs[l];
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/test/%s", root, lab->dir);
        DIR *files = opendir(dir);
        for (struct dirent *e; files && (e = readdir(files));) {
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            int hidden = 0;
            for (size_t t = 0; e->d_name[0] != '.' && !hidden && t < lab->ntests; t++)
                hidden = !test_is_public(&lab->tests[t]) && defines_suite(path, lab->tests[t].suite);
            if (hidden)
                add_file(w, path);
        }
        if (files)
            closedir(files);
    }
    qsort(w->lines, w->n, sizeof *w->lines, by_text);
}
