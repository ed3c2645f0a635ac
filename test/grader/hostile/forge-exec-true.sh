# Stubs that replace the test process with /bin/true (status 0, no guard, no proof) score 0.
sub=$1
. "$(dirname "$0")/forge_common.bash"
forge_stubs "$sub/01-sequential" 'execl("/bin/true", "true", (char *)0);' '#include <unistd.h>'
