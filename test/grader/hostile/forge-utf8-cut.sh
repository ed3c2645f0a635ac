# One byte, then thousands of two-byte µ: the cap falls inside a character (and, for the other
# offsets the runner's own lines give, inside a three-byte ≥).
sub=$1
. "$(dirname "$0")/forge_common.bash"
forge_stubs "$sub/01-sequential" 'static int said; if (!said++) { fputs("a", stderr); for (int i = 0; i < 3000; i++) fputs(i % 2 ? "\xc2\xb5" : "\xe2\x89\xa5", stderr); }' '#include <stdio.h>'
