# Stubs that end the test process with the raw exit_group system call score 0.
sub=$1
. "$(dirname "$0")/forge_common.bash"
forge_stubs "$sub/01-sequential" 'syscall(SYS_exit_group, 0);' '#define _GNU_SOURCE' '#include <sys/syscall.h>' '#include <unistd.h>'
