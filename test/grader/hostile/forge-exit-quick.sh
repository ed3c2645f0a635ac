# Stubs that end the test process with quick_exit(0) score 0.
sub=$1
. "$(dirname "$0")/forge_common.bash"
forge_stubs "$sub/01-sequential" 'quick_exit(0);' '#define _GNU_SOURCE' '#include <stdlib.h>'
