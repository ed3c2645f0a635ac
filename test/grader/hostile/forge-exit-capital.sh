# Stubs that end the test process with _Exit(0) score 0.
sub=$1
. "$(dirname "$0")/forge_common.bash"
forge_stubs "$sub/01-sequential" '_Exit(0);' '#include <stdlib.h>'
