#!/usr/bin/env bash
# sandbox.sh: the grader's sandbox at each of its levels (tools/grade/sandbox.h). Honest code
# keeps its score at every level, the grader says which level it used, and nothing of the
# sandbox (scratch copies under /tmp, mounts) outlives it. The hostile submissions in
# test/grader/hostile/box-* prove what each level stops.
# Prints "ok: ..." or "FAIL: ..." per check, as tools/check/test.sh tallies them.
set -uo pipefail

: "${BUILD:?run me through make test}" "${TOOLS:?}"
work="$BUILD/test/sandbox"
rm -rf "$work" && mkdir -p "$work"
failed=0
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

scratch_before=$(find /tmp -maxdepth 1 -name 'grade-*' | sort)
levels=(none)
[ "$(id -u)" -eq 0 ] && levels=(namespaces user none)
for level in "${levels[@]}"; do
    out="$work/$level"
    GRADE_SANDBOX=$level "$TOOLS/grade" --submission solutions --lab 01 --out "$out" >"$out.log" 2>&1
    said=$(sed -n 's/^Sandbox: \([a-z]*\).*/\1/p' "$out.log")
    score=$(jq -r '"\(.score)/\([.tests[].max_score] | add)"' "$out/results.json" 2>/dev/null)
    if [ "$said" != "$level" ]; then
        fail "GRADE_SANDBOX=$level: the grader says it used '${said:-nothing}' (see $out.log)"
    elif [ "${score%/*}" != "${score#*/}" ]; then
        fail "GRADE_SANDBOX=$level: the reference lab 01 scores $score, not full marks (see $out.log)"
        grep -A3 FAIL "$out.log" | head -n 12 | sed 's/^/    /'
    else
        echo "ok: GRADE_SANDBOX=$level: the grader says so, and the reference lab 01 keeps its $score"
    fi
done
# A grader of another checkout running now (a second make test) has its own scratch copy in
# /tmp: give such copies the time that grader takes to remove its own (up to 3 minutes).
left_now() { comm -13 <(echo "$scratch_before") <(find /tmp -maxdepth 1 -name 'grade-*' | sort); }
left=$(left_now)
for _ in $(seq 90); do
    if [ -z "$left" ] || ! pgrep -x grade >/dev/null; then break; fi
    sleep 2
    left=$(left_now)
done
if [ -n "$left" ]; then
    fail "scratch copies were left in /tmp:"
    sed 's/^/    /' <<<"$left"
elif grep -q ' /tmp/grade-' /proc/self/mounts; then
    fail "sandbox mounts were left behind:"
    grep ' /tmp/grade-' /proc/self/mounts | sed 's/^/    /'
else
    echo "ok: no scratch copy and no sandbox mount outlive the grader"
fi
[ "$failed" -eq 0 ]
