// proof: the channel through which a test proves that it passed (see test/lib/labtest_proof.h).
// The grader makes a random token and two pipes per test run; the test process finds them at
// fixed descriptors, and a pass counts only when the proof line with the token comes back.
#ifndef PROOF_H
#define PROOF_H

#include <sys/types.h>

// Must match test/lib/labtest_proof.h.
#define PROOF_TOKEN_FD 60
#define PROOF_OUT_FD 61

struct proof {
    char token[40];
    int token_read, token_write; // grader -> test: the token
    int proof_read, proof_write; // test -> grader: "<token> <suite>/<test>"
};

// Makes the token and the pipes (close-on-exec in the grader). Returns 0 or -1.
int proof_open(struct proof *p);

// In the child, before exec: puts the pipes at their fixed descriptors, owned by uid when the
// test will run as that user ((uid_t)-1: it keeps the grader's).
void proof_child(const struct proof *p, uid_t uid);

// In the grader, after fork: hands over the token and keeps only its own ends.
void proof_started(struct proof *p);

// After the test process ended: 1 if it proved that suite/name passed, else 0. Closes p.
int proof_passed(struct proof *p, const char *suite, const char *name);

#endif
