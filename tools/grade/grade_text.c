// grade_text: see grade_text.h.
#include "grade_text.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

// Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if it is not one.
static size_t utf8_char(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid too.
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) || (s[0] == 0xf0 && s[1] < 0x90) ||
        (s[0] == 0xf4 && s[1] >= 0x90))
        return 0;
    return len;
}

size_t utf8_cut(const char *s, size_t len)
{
    // Step back over the continuation bytes (at most three) to the last character's lead byte.
    size_t start = len;
    while (start > 0 && len - start < 3 && ((unsigned char)s[start - 1] & 0xc0) == 0x80)
        start--;
    if (start == 0)
        return len;
    unsigned char lead = (unsigned char)s[start - 1];
    size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    return len - (start - 1) < want ? start - 1 : len;
}

char *utf8_clean(const char *s, size_t len)
{
    static const char replacement[] = "\xef\xbf\xbd";
    char *out = xmalloc(len * 3 + 1), *o = out;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t n = u[i] ? utf8_char(u + i, len - i) : 0;
        if (n == 0) {
            memcpy(o, replacement, 3), o += 3, i++;
        } else {
            memcpy(o, u + i, n), o += n, i += n;
        }
    }
    *o = '\0';
    return out;
}

int xml_write_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        int rc;
        switch (c) {
        case '<': rc = fputs("&lt;", f); break;
        case '>': rc = fputs("&gt;", f); break;
        case '&': rc = fputs("&amp;", f); break;
        case '"': rc = fputs("&quot;", f); break;
        case '\'': rc = fputs("&apos;", f); break;
        default:
            // XML 1.0 allows no control character but tab, newline and carriage return, not even
            // as a character reference.
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                rc = fprintf(f, "\\x%02x", c);
            else
                rc = fputc(c, f);
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

static void append(char **out, size_t *len, const char *s, size_t n)
{
    memcpy(*out + *len, s, n);
    *len += n;
}

// A compiler's source quote ("   12 | code", "      |   ^~~"), which belongs to the diagnostic above.
static int is_quote(const char *line, size_t len)
{
    size_t i = strspn(line, " 0123456789");
    return i < len && line[i] == '|';
}

char *hide_outside_paths(const char *text, const char *const keep[], size_t nkeep)
{
    static const char hidden[] = "[a message about a file outside the submission is not shown]\n";
    // Every line shrinks or becomes the note.
    size_t lines = 1;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    char *out = xmalloc(strlen(text) + lines * sizeof hidden + 1);
    size_t len = 0;
    int hiding = 0;
    for (const char *line = text; *line;) {
        size_t n = strcspn(line, "\n");
        const char *next = line + n + (line[n] == '\n');
        if (hiding && is_quote(line, n)) {
            line = next;
            continue;
        }
        hiding = 0;
        // Shorten the paths we may show, then look for any absolute path that is left.
        char *copy = strndup(line, n);
        for (size_t k = 0; k < nkeep; k++) {
            size_t kl = strlen(keep[k]);
            char *at;
            while (kl > 0 && (at = strstr(copy, keep[k])) && at[kl] == '/')
                memmove(at, at + kl + 1, strlen(at + kl + 1) + 1);
        }
        int outside = 0;
        for (char *p = copy; *p; p++)
            if (*p == '/' && (p == copy || strchr(" \t'\"`(:=[<", p[-1])) && (p[1] != ' ' && p[1] != '\0'))
                outside = 1;
        if (outside) {
            int just_said = len >= sizeof hidden - 1 && memcmp(out + len - (sizeof hidden - 1), hidden,
                                                                sizeof hidden - 1) == 0;
            if (!just_said)
                append(&out, &len, hidden, sizeof hidden - 1);
            hiding = 1;
        } else {
            append(&out, &len, copy, strlen(copy));
            if (line[n] == '\n')
                append(&out, &len, "\n", 1);
        }
        free(copy);
        line = next;
    }
    out[len] = '\0';
    return out;
}
