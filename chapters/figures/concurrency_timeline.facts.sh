#!/usr/bin/env bash
# The claim of figure concurrency_timeline (chapter 00): interleaving two CPU-bound tasks on one
# core saves no time, and running them on two cores takes about half the time. Reads the data
# of concurrency_timeline.sh; prints the figures the chapter quotes (see tools/book/measure.sh).
set -euo pipefail
awk -v cores="$(nproc)" '
    $1 !~ /^#/ && NF == 4 { if ($4 > end[$1]) end[$1] = $4 }
    END {
        seq = end[4]; inter = end[3]; par = (end[1] > end[2]) ? end[1] : end[2]
        pct = 100 * par / seq
        printf "sequential_ms %.0f\ninterleaved_ms %.0f\nparallel_ms %.0f\n", seq, inter, par
        printf "parallel_percent %.0f\ninterleaved_percent %.0f\ncores %d\n", pct, 100 * inter / seq, cores
        print "claim: the parallel lanes end in at most 75% of the sequential time, the interleaved lane in no less than 85%"
        printf "measured: one after another %.0f ms, interleaved %.0f ms, in parallel %.0f ms (%.0f%% of the sequential time) on %d core%s\n",
               seq, inter, par, pct, cores, cores == 1 ? "" : "s"
        exit !(par <= 0.75 * seq && inter >= 0.85 * seq)
    }' "$1"
