#!/usr/bin/env bash
# make soak: runs every graded test of the reference solutions RUNS times (default 30) while HOGS
# busy loops (default 2, one per core here) compete for the CPU, and counts the runs that did not
# pass. A timing test that fails here even once is a flaky test: the bar is 0 failures.
#
# Each lab is built once, as the grader builds it, and each test then runs RUNS times in a row,
# each run in its own process as in grading (GRADE_REPEAT): the compiler is not what is soaked.
# The grader's time budget is lifted (a Gradescope limit, not a property of any test). Not part
# of `make test`: 30 runs take about half an hour. The hogs are killed however this script ends.
set -uo pipefail

: "${TOOLS:?run me through make soak}" "${BUILD:?}"
runs=${RUNS:-30}
hogs=${HOGS:-2}
out="$BUILD/soak"
rm -rf "$out" && mkdir -p "$out"

hog_pids=()
stop_hogs() { [ ${#hog_pids[@]} -eq 0 ] || kill "${hog_pids[@]}" 2>/dev/null; wait 2>/dev/null; }
trap stop_hogs EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$hogs"); do
    yes >/dev/null &
    hog_pids+=($!)
done

start=$SECONDS
log="$out/grade.log"
# Progress as it comes: one line per test (its first run), and one per run that failed.
GRADE_REPEAT=$runs GRADE_BUDGET_S=86400 "$TOOLS/grade" --submission solutions --expect pass --out "$out/grade" \
    2>&1 | tee "$log" | grep --line-buffered -E '^(Lab |  \[|soak: )'
tests=$(grep -cE '^(ok|FAIL): ' "$log")
failed_runs=$(grep -c '^soak: ' "$log")
failed_tests=$(grep -c '^FAIL: ' "$log")
echo "soak: $tests tests x $runs runs with $hogs hogs (load $(cut -d' ' -f1-3 /proc/loadavg)):" \
    "$failed_runs failed runs, $failed_tests tests with a failure ($((SECONDS - start)) s)"
[ "$failed_runs" -eq 0 ] && [ "$failed_tests" -eq 0 ] && [ "$tests" -gt 0 ]
