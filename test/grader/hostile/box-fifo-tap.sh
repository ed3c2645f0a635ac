# Poisoning the grader's inputs: sleep_ms (a stub otherwise) reads the TAP file's path from the
# Criterion runner's command line and puts a FIFO there (opening it would block the grader
# for ever), and a symbolic link to /etc/passwd in place of the next one. The grader opens what
# a test wrote only as a regular file, without following links and without blocking.
sub=$1
cat >"$sub/01-sequential/sleep.c" <<'C'
#include "sleep.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sleep_ms(int64_t ms)
{
    (void)ms;
    char path[64], args[4096] = "";
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)getppid());
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(args, 1, sizeof args - 1, f) : 0;
    if (f)
        fclose(f);
    for (size_t i = 0; i < n; i += strlen(args + i) + 1) {
        if (strncmp(args + i, "--tap=", 6) == 0) {
            const char *tap = args + i + 6;
            unlink(tap);
            mkfifo(tap, 0666);
            char next[4200];
            snprintf(next, sizeof next, "%.4000s/clock.advances_with_real_time.tap", "out");
            symlink("/etc/passwd", next);
        }
    }
    errno = ENOSYS;
    return -1;
}
C
