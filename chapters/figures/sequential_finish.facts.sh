#!/usr/bin/env bash
# The claim of figure sequential_finish (chapter 01): sleep i ends at i x d, never early and not
# much later (here: the last within 10% of N x d). Prints the figures the chapter quotes.
set -euo pipefail
awk '
    $1 !~ /^#/ && NF == 4 { n = $1; last = $2; ideal = $3; if ($2 < $3) early++; if ($2 - $3 > late) late = $2 - $3 }
    END {
        printf "n %d\nlast_ms %.0f\nideal_ms %.0f\nlatest_ms %.1f\n", n, last, ideal, late
        print "claim: no sleep ends early, and the last ends within 10% of N x d"
        printf "measured: the last of %d sleeps ended at %.0f ms (ideal %.0f ms), %d ended early\n", n, last, ideal, early
        exit !(early == 0 && last <= 1.1 * ideal)
    }' "$1"
