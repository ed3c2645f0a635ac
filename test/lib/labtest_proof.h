// labtest_proof: how a passed test proves it to the grader.
//
// A Criterion test counts as passed when its worker process exits with status 0, which student
// code can do at any moment (_exit(0), the raw exit_group system call) or fake (writing "ok" into
// the TAP report). So the grader believes none of that: it hands each test run a random token on
// a pipe of its own (fd LABTEST_TOKEN_FD) and another pipe for the answer (fd LABTEST_PROOF_FD).
// The numbers are no secret (they are here); the token is: it is new for every run and named
// nowhere in the command line or the environment. The test library reads the token
// before the test body runs and writes "<token> <suite>/<test>" only when the test's last step is
// over and no assertion failed. No proof line, no pass.
#ifndef LABTEST_PROOF_H
#define LABTEST_PROOF_H

// Must match tools/grade/proof.h.
#define LABTEST_TOKEN_FD 60
#define LABTEST_PROOF_FD 61

// Reads the token (called from the suite's .init, before any student code of the test runs).
void labtest_proof_begin(void);

// Writes the proof unless an assertion failed (called from the suite's .fini, by Criterion only).
void labtest_proof_end(void);

#endif
