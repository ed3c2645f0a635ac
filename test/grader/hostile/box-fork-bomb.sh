# Resources: sleep_ms (a stub otherwise) starts a fork bomb in a session of its own. The
# processes limit (project.yml, sandbox: processes) holds it; the sweep after the test kills it.
sub=$1
cat >"$sub/01-sequential/sleep.c" <<'C'
#include "sleep.h"

#include <errno.h>
#include <unistd.h>

int sleep_ms(int64_t ms)
{
    (void)ms;
    if (fork() == 0) {
        setsid();
        for (;;)
            fork();
    }
    errno = ENOSYS;
    return -1;
}
C
