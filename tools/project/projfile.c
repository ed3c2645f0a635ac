// projfile: reads project.yml with libyaml's document API and checks it as it goes.
#include "projfile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "xalloc.h"

struct reader {
    yaml_document_t doc;
    char *err;
    size_t errlen;
};

static int fail(struct reader *r, yaml_node_t *at, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (at)
        snprintf(r->err, r->errlen, "project.yml:%zu: %s", at->start_mark.line + 1, msg);
    else
        snprintf(r->err, r->errlen, "project.yml: %s", msg);
    return -1;
}

static yaml_node_t *node(struct reader *r, yaml_node_item_t i)
{
    return yaml_document_get_node(&r->doc, i);
}

// The value under key in a mapping, or NULL.
static yaml_node_t *lookup(struct reader *r, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *kv = map->data.mapping.pairs.start; kv < map->data.mapping.pairs.top; kv++) {
        yaml_node_t *k = node(r, kv->key);
        if (k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
            return node(r, kv->value);
    }
    return NULL;
}

static int scalar(struct reader *r, yaml_node_t *map, const char *key, char **out)
{
    yaml_node_t *v = lookup(r, map, key);
    if (!v)
        return fail(r, map, "missing '%s'", key);
    if (v->type != YAML_SCALAR_NODE)
        return fail(r, v, "'%s' must be a plain value", key);
    *out = xstrdup((char *)v->data.scalar.value);
    return 0;
}

// A sequence of scalars (an absent key is an empty list).
static int scalar_list(struct reader *r, yaml_node_t *map, const char *key, char ***out, size_t *n)
{
    yaml_node_t *v = lookup(r, map, key);
    *out = NULL;
    *n = 0;
    if (!v)
        return 0;
    if (v->type != YAML_SEQUENCE_NODE)
        return fail(r, v, "'%s' must be a list", key);
    size_t count = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    *out = xcalloc(count + 1, sizeof **out);
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *item = node(r, v->data.sequence.items.start[i]);
        if (item->type != YAML_SCALAR_NODE)
            return fail(r, item, "items of '%s' must be plain values", key);
        (*out)[(*n)++] = xstrdup((char *)item->data.scalar.value);
    }
    return 0;
}

// A `sandbox:` mapping over base: every key is optional and keeps base's value when absent.
static int read_policy(struct reader *r, yaml_node_t *map, const struct sandbox_policy *base,
                       struct sandbox_policy *out)
{
    *out = *base;
    out->network = xstrdup(base->network);
    out->allow = xcalloc(base->nallow + 1, sizeof *out->allow);
    for (size_t i = 0; i < base->nallow; i++)
        out->allow[i] = xstrdup(base->allow[i]);
    if (!map)
        return 0;
    if (map->type != YAML_MAPPING_NODE)
        return fail(r, map, "'sandbox' must be a mapping");
    static const char *const keys[] = {"processes", "open_files", "cpu_s", "file_size_mb"};
    long *fields[] = {&out->processes, &out->open_files, &out->cpu_s, &out->file_size_mb};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        yaml_node_t *v = lookup(r, map, keys[k]);
        if (!v)
            continue;
        char *end = "";
        long n = v->type == YAML_SCALAR_NODE ? strtol((char *)v->data.scalar.value, &end, 10) : 0;
        if (n <= 0 || *end != '\0')
            return fail(r, v, "sandbox: '%s' must be a whole number above 0", keys[k]);
        *fields[k] = n;
    }
    yaml_node_t *net = lookup(r, map, "network");
    if (net) {
        if (net->type != YAML_SCALAR_NODE || strcmp((char *)net->data.scalar.value, "loopback") != 0)
            return fail(r, net, "sandbox: 'network' can only be 'loopback' (127.0.0.1, nothing else)");
    }
    char **more;
    size_t nmore;
    if (scalar_list(r, map, "allow", &more, &nmore))
        return -1;
    out->allow = xrealloc(out->allow, (out->nallow + nmore + 1) * sizeof *out->allow);
    for (size_t i = 0; i < nmore; i++)
        out->allow[out->nallow++] = more[i];
    out->allow[out->nallow] = NULL;
    free(more);
    return 0;
}

// Gradescope's words for who sees a test's result, and when.
static const char *const VISIBILITIES = "visible, hidden, after_due_date, after_published";

static int valid_visibility(const char *v)
{
    return strcmp(v, "visible") == 0 || strcmp(v, "hidden") == 0 || strcmp(v, "after_due_date") == 0 ||
           strcmp(v, "after_published") == 0;
}

static int read_tests(struct reader *r, yaml_node_t *labnode, struct lab *lab)
{
    yaml_node_t *suites = lookup(r, labnode, "tests");
    if (!suites || suites->type != YAML_MAPPING_NODE)
        return fail(r, labnode, "lab %s: 'tests' must map suite -> test -> points", lab->id);
    size_t cap = 8;
    lab->tests = xcalloc(cap, sizeof *lab->tests);
    for (yaml_node_pair_t *s = suites->data.mapping.pairs.start; s < suites->data.mapping.pairs.top; s++) {
        yaml_node_t *suite = node(r, s->key), *tests = node(r, s->value);
        if (tests->type != YAML_MAPPING_NODE)
            return fail(r, tests, "suite '%s' must map test -> points", (char *)suite->data.scalar.value);
        // A suite may say `visibility: hidden` for all its tests; a test may be {points: N, visibility: V}.
        const char *suite_vis = "visible";
        yaml_node_t *sv = lookup(r, tests, "visibility");
        if (sv && (sv->type != YAML_SCALAR_NODE || !valid_visibility((char *)sv->data.scalar.value)))
            return fail(r, sv, "visibility must be one of %s", VISIBILITIES);
        if (sv)
            suite_vis = (char *)sv->data.scalar.value;
        for (yaml_node_pair_t *t = tests->data.mapping.pairs.start; t < tests->data.mapping.pairs.top; t++) {
            yaml_node_t *name = node(r, t->key), *pts = node(r, t->value);
            if (strcmp((char *)name->data.scalar.value, "visibility") == 0)
                continue;
            const char *vis = suite_vis;
            if (pts->type == YAML_MAPPING_NODE) {
                yaml_node_t *tv = lookup(r, pts, "visibility");
                if (tv && (tv->type != YAML_SCALAR_NODE || !valid_visibility((char *)tv->data.scalar.value)))
                    return fail(r, tv, "visibility must be one of %s", VISIBILITIES);
                if (tv)
                    vis = (char *)tv->data.scalar.value;
                pts = lookup(r, pts, "points");
                if (!pts)
                    return fail(r, node(r, t->value), "%s/%s: missing 'points'", (char *)suite->data.scalar.value,
                                (char *)name->data.scalar.value);
            }
            char *end = NULL;
            long points = pts->type == YAML_SCALAR_NODE ? strtol((char *)pts->data.scalar.value, &end, 10) : -1;
            if (points <= 0 || *end != '\0')
                return fail(r, pts, "points of %s/%s must be a whole number above 0",
                            (char *)suite->data.scalar.value, (char *)name->data.scalar.value);
            if (lab->ntests == cap)
                lab->tests = xrealloc(lab->tests, (cap *= 2) * sizeof *lab->tests);
            lab->tests[lab->ntests++] = (struct graded_test){
                .suite = xstrdup((char *)suite->data.scalar.value),
                .name = xstrdup((char *)name->data.scalar.value),
                .points = (int)points,
                .visibility = xstrdup(vis),
            };
        }
    }
    if (lab->ntests == 0)
        return fail(r, suites, "lab %s has no tests", lab->id);
    return 0;
}

static int read_lab(struct reader *r, yaml_node_t *n, struct project *p, const struct sandbox_policy *defaults)
{
    struct lab *lab = &p->labs[p->nlabs++];
    char *timeout = NULL;
    if (scalar(r, n, "id", &lab->id) || scalar(r, n, "dir", &lab->dir) || scalar(r, n, "title", &lab->title) ||
        scalar(r, n, "chapter", &lab->chapter) || scalar(r, n, "timeout", &timeout) ||
        scalar_list(r, n, "depends", &lab->depends, &lab->ndepends))
        return free(timeout), -1;
    char *end;
    lab->timeout_s = strtod(timeout, &end);
    int bad_timeout = lab->timeout_s <= 0 || *end != '\0';
    free(timeout);
    if (bad_timeout)
        return fail(r, n, "lab %s: timeout must be a number of seconds above 0", lab->id);
    if (strncmp(lab->dir, lab->id, strlen(lab->id)) != 0 || lab->dir[strlen(lab->id)] != '-')
        return fail(r, n, "lab %s: dir '%s' must start with '%s-'", lab->id, lab->dir, lab->id);
    for (size_t i = 0; i + 1 < p->nlabs; i++)
        if (strcmp(p->labs[i].id, lab->id) == 0)
            return fail(r, n, "lab id %s is used twice", lab->id);
    // A lab may depend only on labs listed before it: no cycles, and the book's order teaches them first.
    for (size_t d = 0; d < lab->ndepends; d++) {
        size_t i = 0;
        while (i + 1 < p->nlabs && strcmp(p->labs[i].id, lab->depends[d]) != 0)
            i++;
        if (i + 1 == p->nlabs)
            return fail(r, n, "lab %s depends on '%s', which is not a lab listed before it", lab->id,
                        lab->depends[d]);
    }
    if (read_policy(r, lookup(r, n, "sandbox"), defaults, &lab->sandbox))
        return -1;
    return read_tests(r, n, lab);
}

static void free_list(char **list, size_t n);

static int read_project(struct reader *r, struct project *p)
{
    yaml_node_t *root = yaml_document_get_root_node(&r->doc);
    if (!root || root->type != YAML_MAPPING_NODE)
        return fail(r, root, "expected a mapping with 'book' and 'labs'");
    yaml_node_t *book = lookup(r, root, "book");
    if (!book)
        return fail(r, root, "missing 'book'");
    if (scalar(r, book, "title", &p->book.title) || scalar(r, book, "subtitle", &p->book.subtitle) ||
        scalar(r, book, "author", &p->book.author) || scalar(r, book, "lang", &p->book.lang) ||
        scalar(r, book, "date", &p->book.date) ||
        scalar_list(r, book, "opening", &p->book.opening, &p->book.nopening))
        return -1;
    yaml_node_t *labs = lookup(r, root, "labs");
    if (!labs || labs->type != YAML_SEQUENCE_NODE)
        return fail(r, root, "'labs' must be a list");
    // Used when project.yml has no top-level `sandbox:`, and for the keys it leaves out.
    static const struct sandbox_policy builtin = {
        .processes = 64, .open_files = 4096, .cpu_s = 60, .file_size_mb = 16, .network = "loopback"};
    struct sandbox_policy defaults;
    if (read_policy(r, lookup(r, root, "sandbox"), &builtin, &defaults))
        return free(defaults.network), free(defaults.allow), -1;
    size_t count = (size_t)(labs->data.sequence.items.top - labs->data.sequence.items.start);
    p->labs = xcalloc(count + 1, sizeof *p->labs);
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0; i++)
        rc = read_lab(r, node(r, labs->data.sequence.items.start[i]), p, &defaults);
    free(defaults.network);
    free_list(defaults.allow, defaults.nallow);
    return rc;
}

int project_load(const char *path, struct project *p, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    // PROJECT_YML points every tool at another project file (make test grades a copy that hides tests).
    const char *other = getenv("PROJECT_YML");
    if (other && *other && strcmp(path, "project.yml") == 0)
        path = other;
    struct reader r = {.err = err, .errlen = errlen};
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    int rc = 0;
    if (!yaml_parser_load(&parser, &r.doc)) {
        snprintf(err, errlen, "%s:%zu: %s", path, parser.problem_mark.line + 1,
                 parser.problem ? parser.problem : "not valid YAML");
        rc = -1;
    } else {
        rc = read_project(&r, p);
        yaml_document_delete(&r.doc);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    if (rc)
        project_free(p);
    return rc;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

void project_free(struct project *p)
{
    struct book *b = &p->book;
    free(b->title), free(b->subtitle), free(b->author), free(b->lang), free(b->date);
    free_list(b->opening, b->nopening);
    for (size_t i = 0; i < p->nlabs; i++) {
        struct lab *lab = &p->labs[i];
        free(lab->id), free(lab->dir), free(lab->title), free(lab->chapter);
        free_list(lab->depends, lab->ndepends);
        free(lab->sandbox.network);
        free_list(lab->sandbox.allow, lab->sandbox.nallow);
        for (size_t t = 0; t < lab->ntests; t++)
            free(lab->tests[t].suite), free(lab->tests[t].name), free(lab->tests[t].visibility);
        free(lab->tests);
    }
    free(p->labs);
    memset(p, 0, sizeof *p);
}

const struct lab *project_find(const struct project *p, const char *key)
{
    for (size_t i = 0; i < p->nlabs; i++)
        if (strcmp(p->labs[i].id, key) == 0 || strcmp(p->labs[i].dir, key) == 0)
            return &p->labs[i];
    return NULL;
}

size_t project_deps(const struct project *p, const struct lab *lab, const struct lab **out)
{
    // Walk backwards: a lab's dependencies are all listed before it, so one pass marks the closure.
    size_t self = (size_t)(lab - p->labs), n = 0;
    char *needed = xcalloc(p->nlabs, 1);
    needed[self] = 1;
    for (size_t i = self + 1; i-- > 0;) {
        if (!needed[i])
            continue;
        for (size_t d = 0; d < p->labs[i].ndepends; d++)
            needed[project_find(p, p->labs[i].depends[d]) - p->labs] = 1;
    }
    for (size_t i = 0; i < self; i++)
        if (needed[i])
            out[n++] = &p->labs[i];
    free(needed);
    return n;
}

int lab_max_points(const struct lab *lab)
{
    int sum = 0;
    for (size_t t = 0; t < lab->ntests; t++)
        sum += lab->tests[t].points;
    return sum;
}

int test_is_public(const struct graded_test *t)
{
    return strcmp(t->visibility, "visible") == 0;
}
