# Invalid bytes, a truncated sequence, an encoded surrogate, NUL and terminal escapes, on both streams.
sub=$1
. "$(dirname "$0")/forge_common.bash"
forge_stubs "$sub/01-sequential" '{ static const char bad[] = "bad \xff\xfe \xc3( \xed\xa0\x80 \0 \x01\x1b[31m\x7f <&]]> end\n"; fwrite(bad, 1, sizeof bad - 1, stdout); fflush(stdout); fputs("\xc0\xaf\xf5\x80\n", stderr); }' '#include <stdio.h>'
