# Resources: sleep_ms (a stub otherwise) writes until it cannot, to a file beside it, to /tmp
# and to its own output. The file size limit (sandbox: file_size_mb) ends each; with namespaces
# /tmp is the sandbox's own 256 MB tmpfs.
sub=$1
cat >"$sub/01-sequential/sleep.c" <<'C'
#include "sleep.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void fill(FILE *f)
{
    static char block[1 << 16];
    memset(block, 'x', sizeof block);
    for (long i = 0; f && i < (1L << 16) && fwrite(block, 1, sizeof block, f) == sizeof block; i++)
        continue;
}

int sleep_ms(int64_t ms)
{
    (void)ms;
    signal(SIGXFSZ, SIG_IGN); // so that each write fails with EFBIG instead of ending the test
    FILE *here = fopen("huge", "w"), *tmp = fopen("/tmp/huge", "w");
    fill(here);
    fill(tmp);
    fill(stdout);
    if (here)
        fclose(here);
    if (tmp)
        fclose(tmp), remove("/tmp/huge");
    errno = ENOSYS;
    return -1;
}
C
