#!/usr/bin/env bash
# Data for figure scenarios (chapter 06): demo_scenarios --data, each server (blocking,
# threaded, event loop) serving /sleep (one wait of d) and /work (ten) to lab 05's blocking
# client (5 requests, one after another) and lab 05's session (N at once). A cell that would
# take more than 10 d runs fewer requests, and full_ms is the time the requests it was asked
# for would take at that rate. Small d and N keep the book's build to a few seconds.
# Run from the project root; prints "x server route client asked ran answered ms full_ms" lines,
# x the bar's position: four groups (route x client) of three bars (servers).
set -euo pipefail

out=build/figures/06-servers
d_ms=50
n=100
# Both of chapter 06's figures build the lab here; under make -j, one at a time.
mkdir -p "$out"
flock "$out.lock" make -s --no-print-directory lab-build BUILD_LAB=06-servers LAB_SRC=solutions \
    LAB_OUT="$out" >&2

ulimit -n "$(ulimit -Hn)"
echo "# demo_scenarios --data $d_ms $n on $(nproc) cores: d = $d_ms ms, N = $n"
echo "# x server route client asked ran answered ms full_ms"
"$out/demo_scenarios" --data "$d_ms" "$n" | awk '
    {
        group = ($3 == "sequential" ? 0 : 2) + ($2 == "/work")
        bar = $1 == "blocking" ? 0 : $1 == "threaded" ? 1 : 2
        print group * 4 + bar, $0
    }'
