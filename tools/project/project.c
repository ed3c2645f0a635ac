// project: answers questions about project.yml for the Makefile and the scripts.
//   project mk             a make fragment: the labs, their dependencies and timeouts
//   project chapters       the book's chapter files, in order
//   project meta           the book's metadata as a pandoc YAML metadata block
//   project tests LAB      "suite/test points visibility" for each graded test of LAB (id or dir)
//   project public         project.yml as the student release has it: without the tests that are
//                          not `visibility: visible` (they stay in the autograder only)
//   project hidden         "dir suite test visibility" for each test the release leaves out
// PROJECT_YML=path reads another project file.
#include "projfile.h"

#include <stdio.h>
#include <string.h>

static const char *const PROJECT_FILE = "project.yml";

static void print_mk(const struct project *p)
{
    printf("# Generated from project.yml by tools/project mk; do not edit.\n");
    printf("LAB_DIRS :=");
    for (size_t i = 0; i < p->nlabs; i++)
        printf(" %s", p->labs[i].dir);
    printf("\nLAB_IDS :=");
    for (size_t i = 0; i < p->nlabs; i++)
        printf(" %s", p->labs[i].id);
    printf("\n");
    const struct lab *deps[p->nlabs + 1];
    for (size_t i = 0; i < p->nlabs; i++) {
        const struct lab *lab = &p->labs[i];
        printf("LAB_DIR_%s := %s\n", lab->id, lab->dir);
        printf("DEPS_%s :=", lab->dir);
        size_t n = project_deps(p, lab, deps);
        for (size_t d = 0; d < n; d++)
            printf(" %s", deps[d]->dir);
        printf("\n");
    }
}

static void print_chapters(const struct project *p)
{
    for (size_t i = 0; i < p->book.nopening; i++)
        printf("%s\n", p->book.opening[i]);
    for (size_t i = 0; i < p->nlabs; i++)
        printf("%s\n", p->labs[i].chapter);
}

// YAML double-quoted scalar: escape what would end or break it.
static void print_quoted(const char *key, const char *value)
{
    printf("%s: \"", key);
    for (const char *c = value; *c; c++) {
        if (*c == '"' || *c == '\\')
            putchar('\\');
        putchar(*c);
    }
    printf("\"\n");
}

static void print_meta(const struct project *p)
{
    printf("---\n");
    print_quoted("title", p->book.title);
    print_quoted("subtitle", p->book.subtitle);
    print_quoted("author", p->book.author);
    print_quoted("lang", p->book.lang);
    print_quoted("date", p->book.date);
    printf("...\n");
}

static int print_tests(const struct project *p, const char *key)
{
    const struct lab *lab = project_find(p, key);
    if (!lab) {
        fprintf(stderr, "project: no lab '%s' in %s\n", key, PROJECT_FILE);
        return 1;
    }
    for (size_t t = 0; t < lab->ntests; t++)
        printf("%s/%s %d %s\n", lab->tests[t].suite, lab->tests[t].name, lab->tests[t].points,
               lab->tests[t].visibility);
    return 0;
}

static void print_list(const char *key, char **items, size_t n)
{
    printf("%s: [", key);
    for (size_t i = 0; i < n; i++)
        printf("%s\"%s\"", i ? ", " : "", items[i]);
    printf("]\n");
}

// The release's project.yml: the same labs, only the tests students may see.
static void print_public(const struct project *p)
{
    printf("# The student release's project file, written by tools/project public; do not edit.\n");
    printf("book:\n");
    const char *keys[] = {"title", "subtitle", "author", "lang", "date"};
    const char *values[] = {p->book.title, p->book.subtitle, p->book.author, p->book.lang, p->book.date};
    for (size_t i = 0; i < 5; i++) {
        printf("  ");
        print_quoted(keys[i], values[i]);
    }
    printf("  ");
    print_list("opening", p->book.opening, p->book.nopening);
    printf("labs:\n");
    for (size_t i = 0; i < p->nlabs; i++) {
        const struct lab *lab = &p->labs[i];
        printf("  - id: \"%s\"\n    dir: %s\n    ", lab->id, lab->dir);
        print_quoted("title", lab->title);
        printf("    chapter: %s\n    ", lab->chapter);
        print_list("depends", lab->depends, lab->ndepends);
        printf("    timeout: %g\n    tests:\n", lab->timeout_s);
        const char *suite = NULL;
        for (size_t t = 0; t < lab->ntests; t++) {
            const struct graded_test *g = &lab->tests[t];
            if (!test_is_public(g))
                continue;
            if (!suite || strcmp(suite, g->suite) != 0)
                printf("      %s:\n", g->suite);
            suite = g->suite;
            printf("        %s: %d\n", g->name, g->points);
        }
    }
}

static void print_hidden(const struct project *p)
{
    for (size_t i = 0; i < p->nlabs; i++)
        for (size_t t = 0; t < p->labs[i].ntests; t++)
            if (!test_is_public(&p->labs[i].tests[t]))
                printf("%s %s %s %s\n", p->labs[i].dir, p->labs[i].tests[t].suite, p->labs[i].tests[t].name,
                       p->labs[i].tests[t].visibility);
}

int main(int argc, char **argv)
{
    const char *usage = "usage: project mk | chapters | meta | tests LAB | public | hidden\n";
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    struct project p;
    char err[512];
    if (project_load(PROJECT_FILE, &p, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    int rc = 0;
    if (strcmp(argv[1], "mk") == 0)
        print_mk(&p);
    else if (strcmp(argv[1], "chapters") == 0)
        print_chapters(&p);
    else if (strcmp(argv[1], "meta") == 0)
        print_meta(&p);
    else if (strcmp(argv[1], "public") == 0)
        print_public(&p);
    else if (strcmp(argv[1], "hidden") == 0)
        print_hidden(&p);
    else if (strcmp(argv[1], "tests") == 0 && argc == 3)
        rc = print_tests(&p, argv[2]);
    else {
        fputs(usage, stderr);
        rc = 2;
    }
    project_free(&p);
    return rc;
}
