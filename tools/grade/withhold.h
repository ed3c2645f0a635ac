// withhold: lines of the reference solutions never reach a student through a test's output.
// Student code that finds the reference (it is not meant to be able to) and prints it gets each
// such line replaced by a note; lines the handout itself gives (includes, signatures) stay.
#ifndef WITHHOLD_H
#define WITHHOLD_H

struct withheld;

// Every line of root/solutions/*/* that root/labs/ does not hand out. NULL if none can be read.
struct withheld *withhold_load(const char *root);

struct project;

// Adds the lines of every test file that holds a hidden test (project.yml's visibility): student
// code can read them in its scratch copy, since they must run, but must not show them.
void withhold_hidden_tests(struct withheld *w, const char *root, const struct project *p);

// Replaces, in *text, each line that is (less its indentation) a withheld one.
void withhold_apply(const struct withheld *w, char **text);

void withhold_free(struct withheld *w);

#endif
