# Every stub function sleeps forever: without a budget, lab 01 alone would cost 9 test timeouts.
sub=$1
. "$(dirname "$0")/forge_common.bash"
forge_stubs "$sub/01-sequential" 'for (;;) pause();' '#include <unistd.h>'
