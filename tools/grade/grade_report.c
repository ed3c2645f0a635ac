// grade_report: the graded run's results as Gradescope's results.json and as JUnit XML.
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "grade_text.h"

static void xml_text(FILE *f, const char *s)
{
    xml_write_text(f, s); // its errors show in ferror(f), checked before the rename
}

static char *clean(const char *s)
{
    return utf8_clean(s ? s : "", s ? strlen(s) : 0);
}

// Writes through path.tmp and a rename, so that path is either complete or absent.
static int publish(const char *tmp, const char *path, int rc)
{
    if (rc == 0 && rename(tmp, path) == 0)
        return 0;
    remove(tmp);
    return -1;
}

// Gradescope's autograder specification: top-level score, max_score and tests[], each test with
// name, number, score, max_score, status ("passed"/"failed"), output, visibility, execution_time.
int write_results_json(const char *path, const struct result *r, size_t n, double seconds)
{
    json_t *tests = json_array();
    int score = 0, max = 0;
    size_t in_lab = 0;
    for (size_t i = 0; i < n; i++) {
        in_lab = i > 0 && r[i].lab == r[i - 1].lab ? in_lab + 1 : 1;
        char name[512], number[64];
        snprintf(name, sizeof name, "Lab %s %s: %s/%s", r[i].lab->id, r[i].lab->title, r[i].test->suite,
                 r[i].test->name);
        snprintf(number, sizeof number, "%s.%zu", r[i].lab->id, in_lab);
        // extra_data.outcome says how a test failed (crashed, timed_out, ...): status is only passed/failed.
        char *safe_name = clean(name), *output = clean(r[i].output);
        json_t *test = safe_name && output ? json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:f, s:{s:s}}",
            "name", safe_name, "number", number, "score", r[i].score, "max_score", r[i].test->points,
            "status", r[i].outcome == PASSED ? "passed" : "failed",
            "output", output, "visibility", r[i].test->visibility, "execution_time", r[i].seconds,
            "extra_data", "outcome", outcome_name(r[i].outcome)) : NULL;
        free(safe_name), free(output);
        // A test that silently drops out of the results would read as a smaller max_score.
        if (!test || json_array_append_new(tests, test) != 0) {
            json_decref(tests);
            return -1;
        }
        score += r[i].score;
        max += r[i].test->points;
    }
    char summary[128];
    snprintf(summary, sizeof summary, "Score: %d/%d", score, max);
    json_t *root = json_pack("{s:i, s:i, s:f, s:s, s:s, s:s, s:o}", "score", score, "max_score", max,
                             "execution_time", seconds, "output", summary, "output_format", "text",
                             "stdout_visibility", "visible",
                             "tests", tests);
    if (!root)
        return -1;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int rc = json_dump_file(root, tmp, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    json_decref(root);
    return publish(tmp, path, rc);
}

// What a student reads, as valid UTF-8 (the test's output may hold any bytes at all).
int write_junit_xml(const char *path, const struct result *r, size_t n)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", f);
    for (size_t i = 0; i < n;) {
        const struct lab *lab = r[i].lab;
        size_t end = i, failures = 0, errors = 0;
        double seconds = 0;
        for (; end < n && r[end].lab == lab; end++) {
            failures += r[end].outcome == FAILED;
            errors += r[end].outcome != PASSED && r[end].outcome != FAILED;
            seconds += r[end].seconds;
        }
        fputs("  <testsuite name=\"", f);
        xml_text(f, lab->dir);
        fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%.3f\">\n", end - i, failures,
                errors, seconds);
        for (; i < end; i++) {
            fputs("    <testcase classname=\"", f);
            xml_text(f, lab->dir);
            fputc('.', f);
            xml_text(f, r[i].test->suite);
            fputs("\" name=\"", f);
            xml_text(f, r[i].test->name);
            fprintf(f, "\" time=\"%.3f\">\n", r[i].seconds);
            fprintf(f, "      <properties><property name=\"points\" value=\"%d\"/>"
                       "<property name=\"max_points\" value=\"%d\"/></properties>\n", r[i].score, r[i].test->points);
            if (r[i].outcome != PASSED) {
                // A failed assertion is a <failure>; a crash, a timeout, a build failure or a refusal
                // an <error>. The message is the output's first line, cut on a character boundary.
                const char *element = r[i].outcome == FAILED ? "failure" : "error";
                char *out = clean(r[i].output);
                const char *text = out ? out : "(no output: out of memory)";
                size_t len = strcspn(text, "\n");
                if (len > 199)
                    len = 199;
                while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
                    len--;
                char first[200];
                snprintf(first, sizeof first, "%.*s", (int)len, text);
                fprintf(f, "      <%s type=\"%s\" message=\"", element, outcome_name(r[i].outcome));
                xml_text(f, *first ? first : outcome_name(r[i].outcome));
                fputs("\">", f);
                xml_text(f, text);
                fprintf(f, "</%s>\n", element);
                free(out);
            }
            fputs("    </testcase>\n", f);
        }
        fputs("  </testsuite>\n", f);
    }
    fputs("</testsuites>\n", f);
    int failed = ferror(f);
    return publish(tmp, path, fclose(f) != 0 || failed ? -1 : 0);
}
