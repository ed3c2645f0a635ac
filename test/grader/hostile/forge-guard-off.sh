# Stubs that switch the early-exit guard off and then exit(0). The declaration is weak so that
# the demo, linked without the test library, still builds.
sub=$1
. "$(dirname "$0")/forge_common.bash"
forge_stubs "$sub/01-sequential" 'if (labtest_end) { labtest_end(); } exit(0);' '#include <stdlib.h>' 'void labtest_end(void) __attribute__((weak));'
