# The level for containers that forbid namespaces: no chroot, so the checkout's absolute paths
# exist, but student code runs as a user of its own who may not write them, its files are
# copied (a link is refused), and every process of that user is killed after each test.
sub=$1 root=$2
bash "$root/test/grader/hostile/box-outlive-results.sh" "$sub" "$root"
bash "$root/test/grader/hostile/box-poison-testlib.sh" "$sub" "$root"
mv "$sub/01-sequential/sleep.c" "$sub/01-sequential/poison.c.txt"
bash "$root/test/grader/hostile/box-outlive-results.sh" "$sub" "$root"
sed -n '/^static void poison/,/^}/p' "$sub/01-sequential/poison.c.txt" >"$sub/poison.inc"
sed -i -e '/^#include <unistd.h>/r '"$sub/poison.inc" \
    -e 's|^\( *\)errno = ENOSYS;|\1poison("'"$root"'/test/lib/labtest.h");\n\1poison("'"$root"'/project.yml");\n&|' \
    "$sub/01-sequential/sleep.c"
sed -i 's|^#include <errno.h>|#include <errno.h>\n#include <sys/stat.h>|' "$sub/01-sequential/sleep.c"
rm "$sub/poison.inc" "$sub/01-sequential/poison.c.txt"
ln -sf "$root/solutions/01-sequential/clock.c" "$sub/01-sequential/clock.c"
