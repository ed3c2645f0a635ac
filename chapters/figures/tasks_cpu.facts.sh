#!/usr/bin/env bash
# The claim of figure tasks_cpu (chapter 02): both loops take about d of wall time; the busy loop
# always burns more CPU than the sleeping one, which uses almost none (at most 5% of the wall time)
# until N is large. Prints the figures the chapter quotes, at the largest N.
set -euo pipefail
awk '
    $1 !~ /^#/ && NF == 5 {
        n = $1; bw = $2; bc = $3; sw = $4; sc = $5
        if (bc <= sc) busy_not_above = busy_not_above " " n
        if (n <= 1000 && sc > 0.05 * sw) sleeping_busy = sleeping_busy " " n
    }
    END {
        printf "n %d\nbusy_cpu_percent %.0f\nsleeping_cpu_percent %.0f\nsleeping_cpu_ms %.0f\n", n, 100 * bc / bw, 100 * sc / sw, 1000 * sc
        print "claim: the busy loop always uses more CPU than the sleeping loop, which uses at most 5% of the wall time up to 1000 tasks"
        printf "measured: for %d tasks the busy loop used %.0f%% of a core, the sleeping loop %.0f%%", n, 100 * bc / bw, 100 * sc / sw
        if (busy_not_above != "") printf "; the busy loop used no more CPU at N =%s", busy_not_above
        if (sleeping_busy != "") printf "; the sleeping loop used more than 5%% at N =%s", sleeping_busy
        printf "\n"
        exit !(busy_not_above == "" && sleeping_busy == "")
    }' "$1"
