# Resources: every function of lab 01 hangs; for a negative duration sleep_ms first stops
# (SIGSTOP) the `timeout` that runs the test binary, so that only the grader's own deadline,
# outside the sandbox, can end it. (ASYNC_TIME_SCALE=0.1 keeps the case short.)
sub=$1
for f in clock.c sequential.c; do
    sed -i 's|^\( *\)return \(.*\);$|\1for (;;)\n\1    pause();\n\1return \2;|' "$sub/01-sequential/$f"
    sed -i 's|^#include "\(.*\)\.h"$|#include "\1.h"\n#include <unistd.h>|' "$sub/01-sequential/$f"
done
cat >"$sub/01-sequential/sleep.c" <<'C'
#include "sleep.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

// The parent of the Criterion runner: the `timeout` that would end this test.
static pid_t grandparent(void)
{
    char path[64];
    int ppid = 0;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)getppid());
    FILE *f = fopen(path, "r");
    if (f && fscanf(f, "%*d %*s %*c %d", &ppid) != 1)
        ppid = 0;
    if (f)
        fclose(f);
    return ppid;
}

int sleep_ms(int64_t ms)
{
    pid_t timer = grandparent();
    if (ms < 0 && timer > 1)
        kill(timer, SIGSTOP);
    for (;;)
        pause();
    return -1;
}
C
