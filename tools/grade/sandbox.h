// sandbox: where student code (its build and each test) runs, and what is killed afterwards.
//
// Three levels, strongest first; the grader prints which one it has and what the weaker ones
// cannot do. GRADE_SANDBOX=namespaces|user|none forces one (the checks use it to prove each).
//   namespaces  root with CAP_SYS_ADMIN: an unprivileged user of its own, in new PID, mount and
//               network namespaces, chrooted into a tmpfs that holds only /usr, /etc (read-only),
//               a private /tmp, /dev/shm and /proc, and the scratch copy at /work. Nothing of the
//               checkout, solutions/ or the grader's outputs is in reach; only 127.0.0.1 exists.
//   user        root without namespaces (e.g. a container that forbids them): the same user
//               drop and limits, no chroot; what every user may read stays readable.
//   none        not root: limits and kills only; student code runs as the grader's own user.
// At every level: resource limits from the lab's policy, no new privileges, and afterwards
// every process of the sandbox user (or, at level none, of the test's process group and the
// orphans the grader reaped as a subreaper) is killed.
#ifndef SANDBOX_H
#define SANDBOX_H

#include <stdio.h>
#include <sys/types.h>

#include "projfile.h"

enum sandbox_level { SANDBOX_NONE, SANDBOX_USER, SANDBOX_NAMESPACES };

struct sandbox {
    enum sandbox_level level;
    uid_t uid;                  // the user student code runs as (the grader's own at level none)
    const char *scratch;        // the scratch copy, as the grader sees it
    const char *inside;         // the scratch copy, as student code sees it ("/work" or scratch)
    long processes, open_files, cpu_s, file_size_mb;
};

// Chooses the level (GRADE_SANDBOX, else the strongest that works here), makes the grader a
// subreaper, and prints the level and what it cannot protect to report. Sets level and uid.
void sandbox_detect(struct sandbox *s, FILE *report);

// The limits of lab's policy, CPU time scaled by scale.
void sandbox_limit(struct sandbox *s, const struct sandbox_policy *policy, double scale);

// In the child, after fork and before exec: enters the sandbox. Returns only in the process
// that is to exec, as the sandbox user with cwd s->inside; _exits with 126 when it cannot.
void sandbox_enter(const struct sandbox *s);

// After the run whose child was pid: kills everything the run left and reaps it.
void sandbox_sweep(const struct sandbox *s, pid_t pid);

const char *sandbox_level_name(enum sandbox_level level);

#endif
