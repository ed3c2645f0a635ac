// grade_text: what the grader shows a student, made safe to show: valid UTF-8 cut on a character
// boundary, XML-escaped for junit.xml, and no path outside the submission.
#ifndef GRADE_TEXT_H
#define GRADE_TEXT_H

#include <stddef.h>
#include <stdio.h>

// The longest prefix of s[0..len) that does not end inside a UTF-8 character.
size_t utf8_cut(const char *s, size_t len);

// A copy of s that is valid UTF-8: each invalid byte (or NUL in the middle) becomes U+FFFD.
char *utf8_clean(const char *s, size_t len);

// Writes s as XML character data or attribute text: the five entities escaped, and each control
// character XML 1.0 forbids written as a visible "\xNN". s must be valid UTF-8 (utf8_clean).
int xml_write_text(FILE *f, const char *s);

// Compiler output made fit for the student: the paths under `keep` (the submission, the project
// root) shortened to relative ones, and each diagnostic about any other file (with the source
// lines the compiler quotes from it) replaced by a short note. Returns a new string.
char *hide_outside_paths(const char *text, const char *const keep[], size_t nkeep);

#endif
