#!/usr/bin/env bash
# proof.sh: checks of what the grader writes for students (tools/grade/grade_text.c). The proof
# channel, the object checks and the outputs are checked end to end by the forge-* cases in
# test/grader/hostile/ (tools/check/graded-copies.sh).
set -uo pipefail
: "${BUILD:?run me through make test}"
out="$BUILD/test/proof"
mkdir -p "$out"
if ! cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -Itools/grade -Itools/project -o "$out/grade_text_check" \
    test/grader/grade_text_check.c tools/grade/grade_text.c 2>"$out/cc.log"; then
    echo "FAIL: test/grader/grade_text_check.c does not compile"
    sed 's/^/    /' "$out/cc.log"
    exit 1
fi
"$out/grade_text_check"
