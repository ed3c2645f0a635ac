// grade_report: the graded run's results as Gradescope's results.json and as JUnit XML.
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "grade.h"

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
        json_array_append_new(tests, json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:f, s:{s:s}}",
            "name", name, "number", number, "score", r[i].score, "max_score", r[i].test->points,
            "status", r[i].outcome == PASSED ? "passed" : "failed",
            "output", r[i].output ? r[i].output : "", "visibility", r[i].test->visibility, "execution_time", r[i].seconds,
            "extra_data", "outcome", outcome_name(r[i].outcome)));
        score += r[i].score;
        max += r[i].test->points;
    }
    char summary[128];
    snprintf(summary, sizeof summary, "Score: %d/%d", score, max);
    json_t *root = json_pack("{s:i, s:i, s:f, s:s, s:s, s:s, s:o}", "score", score, "max_score", max,
                             "execution_time", seconds, "output", summary, "output_format", "text",
                             "stdout_visibility", "visible",
                             "tests", tests);
    int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    json_decref(root);
    return rc;
}

static void xml_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            // XML 1.0 allows no control characters but tab, newline and carriage return.
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                fprintf(f, "\\x%02x", c);
            else
                fputc(c, f);
        }
    }
}

int write_junit_xml(const char *path, const struct result *r, size_t n)
{
    FILE *f = fopen(path, "w");
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
                // A failed assertion is a <failure>; a crash, a timeout or a build failure an <error>.
                const char *element = r[i].outcome == FAILED ? "failure" : "error";
                const char *out = r[i].output ? r[i].output : "";
                char first[200];
                snprintf(first, sizeof first, "%.*s", (int)strcspn(out, "\n"), out);
                fprintf(f, "      <%s type=\"%s\" message=\"", element, outcome_name(r[i].outcome));
                xml_text(f, *first ? first : outcome_name(r[i].outcome));
                fputs("\">", f);
                xml_text(f, out);
                fprintf(f, "</%s>\n", element);
            }
            fputs("    </testcase>\n", f);
        }
        fputs("  </testsuite>\n", f);
    }
    fputs("</testsuites>\n", f);
    return fclose(f) == 0 ? 0 : -1;
}
