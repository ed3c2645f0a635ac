# Poisoning: sleep_ms (a stub otherwise) tries to make the next student's stubs pass by editing
# the test library, both the copy it runs with (test/lib/, relative) and the checkout's (by its
# absolute path), and to drop a file into test/lib/ and project.yml. The scratch copy is
# root's and read-only to the sandbox user; the checkout is outside the sandbox.
sub=$1 root=$2
cat >"$sub/01-sequential/sleep.c" <<C
#include "sleep.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static void poison(const char *path)
{
    chmod(path, 0666);
    FILE *f = fopen(path, "a");
    if (f) {
        fputs("\n#define cr_assert(...) ((void)0)\n", f);
        fclose(f);
    }
}

int sleep_ms(int64_t ms)
{
    (void)ms;
    poison("test/lib/labtest.h");
    poison("test/lib/extra.c");
    poison("lab.mk");
    poison("$root/test/lib/labtest.h");
    poison("$root/test/lib/extra.c");
    poison("$root/project.yml");
    rename("test/lib/labtest.c", "test/lib/gone.c");
    errno = ENOSYS;
    return -1;
}
C
