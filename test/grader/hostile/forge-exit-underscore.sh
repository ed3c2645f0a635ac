# Stubs that end the test process with _exit(0), which skips atexit and the early-exit guard, score 0.
sub=$1
. "$(dirname "$0")/forge_common.bash"
forge_stubs "$sub/01-sequential" '_exit(0);' '#include <unistd.h>'
