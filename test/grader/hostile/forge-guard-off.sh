# Stubs that switch the early-exit guard off (labtest_end) and then exit(0) score 0.
sub=$1
. "$(dirname "$0")/forge_common.bash"
forge_stubs "$sub/01-sequential" 'labtest_end(); exit(0);' '#include <stdlib.h>' 'void labtest_end(void);'
