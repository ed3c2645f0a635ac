// linkcheck: before a lab is linked with the tests, its objects are checked for what honest code
// never needs and a forged pass does: a global symbol the reference does not define (a `main`, a
// Criterion or test-library function of its own that would replace the real one, or a libc one
// such as `open`), a constructor or a Criterion section (code that runs outside any test, a report
// hook), and a call to a function that leaves the process or the test behind the guard's back
// (_exit, syscall, exec, dlsym, kill, ...) or a raw system call instruction, unless the reference
// solution of the same lab makes that call too. The reference is solutions/ compiled the same way
// or, in a release (and so on Gradescope), its prebuilt ref/lib/lib<lab>.a. The objects checked
// are the ones the tests are then linked from (scratch_take_objects).
#ifndef LINKCHECK_H
#define LINKCHECK_H

#include "grade.h"

// Compiles the lab's sources in the sandbox (and the reference's, for the rules), one object
// each, and checks them. Returns NULL when the lab may be built, else a message for the student
// that says what was refused and why.
char *linkcheck_lab(const struct lab *lab, const struct lab_build *b);

#endif
