#!/usr/bin/env bash
# sequential_finish: when each of lab 01's N sleeps ends, against the line N x d it cannot beat.
# Prints: task number, measured finish (ms), sequential ideal (ms), the concurrent target (ms).
set -euo pipefail
n=10
d_ms=100
out=build/figures/01-sequential
make -s lab-build BUILD_LAB=01-sequential LAB_SRC=solutions LAB_OUT="$out" >&2
echo "# lab 01 on $(uname -n): $n sleeps of $d_ms ms, one after another"
echo "# task  finish_ms  sequential_ideal_ms  concurrent_ideal_ms"
"$out/demo_sequential" "$n" "$d_ms" |
    awk -v d="$d_ms" '/^Finish/ { sub(":", "", $3); printf "%d %.1f %d %d\n", $2 + 1, $4 * 1000, ($2 + 1) * d, d }'
