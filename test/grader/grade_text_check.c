// Checks of tools/grade/grade_text.c, run by tools/check/proof.sh: one "ok: ..." or "FAIL: ..."
// line each. What a test prints may be any bytes; what the grader writes must stay valid.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade_text.h"

static int failed;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    failed += !ok;
}

int main(void)
{
    // "a" then two two-byte µ: a cut may fall only between characters.
    const char *mu = "a\xc2\xb5\xc2\xb5";
    check(utf8_cut(mu, 2) == 1 && utf8_cut(mu, 4) == 3 && utf8_cut(mu, 5) == 5 && utf8_cut(mu, 3) == 3,
          "a cut never splits a two-byte character");
    const char *ge = "\xe2\x89\xa5\xe2\x89\xa5";
    check(utf8_cut(ge, 4) == 3 && utf8_cut(ge, 5) == 3 && utf8_cut(ge, 6) == 6, "nor a three-byte one");

    static const char bad[] = "x\xff\xc3(\xed\xa0\x80\xc0\xaf\0y";
    char *clean = utf8_clean(bad, sizeof bad - 1);
    check(clean && strcmp(clean, "x\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                                 "\xef\xbf\xbd\xef\xbf\xbdy") == 0,
          "invalid bytes, surrogates, overlong forms and NUL become U+FFFD");
    free(clean);

    char *xml = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&xml, &len);
    xml_write_text(f, "<a & 'b' \"c\" \x01\x1b>");
    fclose(f);
    check(strcmp(xml, "&lt;a &amp; &apos;b&apos; &quot;c&quot; \\x01\\x1b&gt;") == 0,
          "XML text escapes the five entities and shows forbidden control characters");
    free(xml);

    const char *keep[] = {"/srv/sub/labs", "/srv/course"};
    char *shown = hide_outside_paths("/srv/sub/labs/01-x/a.c:3:1: error: no\n"
                                     "/etc/passwd:1:5: error: expected\n"
                                     "    1 | root:x:0:0:root\n"
                                     "      |     ^\n"
                                     "make: *** [/srv/course/Makefile:9: t] Error 1\n",
                                     keep, 2);
    check(shown && strstr(shown, "01-x/a.c:3:1: error: no\n") && !strstr(shown, "passwd") && !strstr(shown, "root:") &&
              !strstr(shown, "/srv") && strstr(shown, "[Makefile:9: t]"),
          "compiler output keeps the submission's paths, relative, and hides other files and what it quotes of them");
    free(shown);
    return failed ? 1 : 0;
}
