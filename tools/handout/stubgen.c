// stubgen: turns one solution file into its student stub.
//
//   stubgen IN OUT
//
// A solution region is written in the solution file as
//
//       /* BEGIN SOLUTION */
//       ...the reference code...
//       /* BEGIN STUB
//       // TODO(lab NN): what to do, and a hint.
//       return -1;
//       END STUB */
//
// The solution compiles as it stands (the stub sits inside a comment), and the stub is written
// beside the code it replaces, so the two are reviewed together. OUT gets everything outside
// the regions verbatim, and each stub's lines in place of its region. Each marker stands
// alone on its line. Errors (nested or unclosed regions, a stub without a TODO) name IN:line
// and leave no OUT behind.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum where { OUTSIDE, IN_SOLUTION, IN_STUB };

// True if line, less leading and trailing white space, is exactly marker.
static int is_marker(const char *line, const char *marker)
{
    while (*line == ' ' || *line == '\t')
        line++;
    size_t n = strlen(marker);
    if (strncmp(line, marker, n) != 0)
        return 0;
    for (line += n; *line; line++)
        if (*line != ' ' && *line != '\t' && *line != '\n' && *line != '\r')
            return 0;
    return 1;
}

static int generate(const char *in_path, FILE *in, FILE *out)
{
    enum where where = OUTSIDE;
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0, opened_at = 0;
    int stub_has_todo = 0, rc = 0;
    while (rc == 0 && getline(&line, &cap, in) != -1) {
        lineno++;
        if (is_marker(line, "/* BEGIN SOLUTION */")) {
            if (where != OUTSIDE) {
                fprintf(stderr, "%s:%ld: BEGIN SOLUTION inside the region opened at line %ld (regions do not nest)\n",
                        in_path, lineno, opened_at);
                rc = -1;
            }
            where = IN_SOLUTION;
            opened_at = lineno;
        } else if (is_marker(line, "/* BEGIN STUB")) {
            if (where != IN_SOLUTION) {
                fprintf(stderr, "%s:%ld: BEGIN STUB without a BEGIN SOLUTION before it\n", in_path, lineno);
                rc = -1;
            }
            where = IN_STUB;
            stub_has_todo = 0;
        } else if (is_marker(line, "END STUB */")) {
            if (where != IN_STUB) {
                fprintf(stderr, "%s:%ld: END STUB without a BEGIN STUB before it\n", in_path, lineno);
                rc = -1;
            } else if (!stub_has_todo) {
                fprintf(stderr, "%s:%ld: the stub of the region opened at line %ld has no TODO telling the student what to do\n",
                        in_path, lineno, opened_at);
                rc = -1;
            }
            where = OUTSIDE;
        } else if (strstr(line, "BEGIN SOLUTION") || strstr(line, "BEGIN STUB") || strstr(line, "END STUB")) {
            fprintf(stderr, "%s:%ld: a region marker must stand alone on its line, exactly as in tools/handout/stubgen.c\n",
                    in_path, lineno);
            rc = -1;
        } else if (where == IN_STUB) {
            stub_has_todo |= strstr(line, "TODO") != NULL;
            fputs(line, out);
        } else if (where == OUTSIDE) {
            fputs(line, out);
        }
    }
    if (rc == 0 && where != OUTSIDE) {
        fprintf(stderr, "%s:%ld: the solution region opened here is never closed (END STUB */ missing)\n", in_path,
                opened_at);
        rc = -1;
    }
    free(line);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: stubgen IN OUT\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    FILE *out = fopen(argv[2], "w");
    if (!out) {
        perror(argv[2]);
        fclose(in);
        return 1;
    }
    int rc = generate(argv[1], in, out);
    fclose(in);
    if (fclose(out) != 0)
        rc = -1;
    if (rc)
        remove(argv[2]);
    return rc ? 1 : 0;
}
