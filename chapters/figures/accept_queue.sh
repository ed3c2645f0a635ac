#!/usr/bin/env bash
# Data for figure accept_queue (chapter 06): demo_backlog --data, twenty clients connecting at
# once to the blocking server listening with a backlog of 2, serving /sleep with d = 10 ms,
# watched for 3.5 s (long enough for a SYN sent again after 1 s and after 3 s).
# Run from the project root; prints the demo's "# key value" lines, then one line per client,
# "rank connected_s answered_s outcome" sorted by when the answer came (the clients still
# waiting last, with answered_s the end of the watch), connected_s -1 when connect never
# returned.
set -euo pipefail

out=build/figures/06-servers
backlog=2 n=20 d_ms=10 watch_ms=3500
# Both of chapter 06's figures build the lab here; under make -j, one at a time.
mkdir -p "$out"
flock "$out.lock" make -s --no-print-directory lab-build BUILD_LAB=06-servers LAB_SRC=solutions \
    LAB_OUT="$out" >&2

"$out/demo_backlog" --data "$backlog" "$n" "$d_ms" "$watch_ms" > "$out/accept_queue.raw"
grep '^#' "$out/accept_queue.raw"
echo "# rank connected_s answered_s outcome"
grep -v '^#' "$out/accept_queue.raw" |
    awk -v watch="$watch_ms" '{
        answered = $3 >= 0 ? $3 : watch + 1
        print answered, ($2 >= 0 ? $2 / 1000 : -1), ($3 >= 0 ? $3 / 1000 : watch / 1000), $4
    }' | sort -n -k1,1 | awk '{ print NR, $2, $3, $4 }'
