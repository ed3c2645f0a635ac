#!/usr/bin/env bash
# make soak: grades the reference solutions RUNS times in a row (default 30) while HOGS busy
# loops (default 2, one per core here) compete for the CPU, and counts the graded tests that
# failed. A timing test that fails here is a flaky test: the bar is 0 failures.
#
# Not part of `make test` (30 runs take about half an hour). Every run is bounded by the
# grader's own budget; the hogs are killed however this script ends.
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

total_failed=0
start=$SECONDS
for run in $(seq "$runs"); do
    log="$out/run-$run.log"
    "$TOOLS/grade" --submission solutions --expect pass --out "$out/run-$run" >"$log" 2>&1
    failed=$(grep -c '^FAIL: ' "$log")
    passed=$(grep -c '^ok: ' "$log")
    total_failed=$((total_failed + failed))
    load=$(cut -d' ' -f1 /proc/loadavg)
    printf 'run %2d/%d: %d passed, %d failed (load %s, %d s so far)\n' \
        "$run" "$runs" "$passed" "$failed" "$load" $((SECONDS - start))
    grep '^FAIL: ' "$log" | sed 's/^/    /'
done
echo "soak: $runs runs with $hogs hogs, $total_failed failed tests in all ($((SECONDS - start)) s)"
[ "$total_failed" -eq 0 ]
