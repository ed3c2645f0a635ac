// See labtest_proof.h. Criterion runs each test in a worker process it starts itself (BoxFort),
// which closes every descriptor it did not create; the runner, its parent, still holds the
// grader's pipes, so the worker opens them again through /proc/<runner>/fd/N.
#include "labtest_proof.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char token[80];
static volatile int assertion_failed;

// A failed cr_assert calls criterion_abort_test, a failed cr_expect criterion_continue_test. The
// test binary is linked with -Wl,--wrap for both (LAB_WRAP in tools/grade/lab.mk), so each failure passes here.
void __real_criterion_abort_test(void);
void __real_criterion_continue_test(void);
void __wrap_criterion_abort_test(void);
void __wrap_criterion_continue_test(void);

void __wrap_criterion_abort_test(void)
{
    assertion_failed = 1;
    __real_criterion_abort_test();
}

void __wrap_criterion_continue_test(void)
{
    assertion_failed = 1;
    __real_criterion_continue_test();
}

static int open_runner_fd(int fd, int flags)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/fd/%d", (long)getppid(), fd);
    int opened = open(path, flags | O_CLOEXEC);
    return opened >= 0 ? opened : fcntl(fd, F_DUPFD_CLOEXEC, 0);
}

void labtest_proof_begin(void)
{
    memset(token, 0, sizeof token);
    assertion_failed = 0;
    int fd = open_runner_fd(LABTEST_TOKEN_FD, O_RDONLY);
    if (fd < 0)
        return; // not run by the grader: nothing to prove
    ssize_t n = read(fd, token, sizeof token - 1);
    close(fd);
    if (n <= 0 || token[n - 1] != '\n')
        memset(token, 0, sizeof token);
    else
        token[n - 1] = '\0';
}

void labtest_proof_end(void)
{
    if (!token[0] || assertion_failed)
        return;
    int fd = open_runner_fd(LABTEST_PROOF_FD, O_WRONLY);
    if (fd < 0)
        return;
    char line[512];
    int len = snprintf(line, sizeof line, "%s %s/%s\n", token, criterion_current_test->category,
                       criterion_current_test->name);
    memset(token, 0, sizeof token);
    if (len > 0 && (size_t)len < sizeof line && write(fd, line, (size_t)len) < 0) {
        // The grader sees no proof and reports the test as ended early.
    }
    close(fd);
}
