#!/usr/bin/env bash
# The claim of figure tasks_cpu (chapter 02): both loops take about d of wall time; the busy loop
# burns CPU for most of it, the sleeping one almost none (at the largest N measured).
set -euo pipefail
awk '
    $1 !~ /^#/ && NF == 5 { n = $1; bw = $2; bc = $3; sw = $4; sc = $5 }
    END {
        printf "n %d\nbusy_cpu_percent %.0f\nsleeping_cpu_percent %.0f\nsleeping_cpu_ms %.0f\n", n, 100 * bc / bw, 100 * sc / sw, 1000 * sc
        print "claim: at the largest N the busy loop uses at least 50% of a core, the sleeping loop at most 30%"
        printf "measured: for %d tasks the busy loop used %.0f%% of a core, the sleeping loop %.0f%%\n", n, 100 * bc / bw, 100 * sc / sw
        exit !(bc >= 0.5 * bw && sc <= 0.3 * sw)
    }' "$1"
