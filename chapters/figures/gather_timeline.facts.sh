#!/usr/bin/env bash
# The claim of figure gather_timeline (chapter 04): five sleeps of 200 ms gathered end together,
# in about 200 ms (here: the last task's lane ends before 300 ms).
set -euo pipefail
awk '
    /^$/ { block++ } $1 !~ /^#/ && NF == 3 && block == 0 { if ($3 > last) last = $3 }
    END {
        printf "last_ms %.0f\n", last
        print "claim: the gather of five 200 ms sleeps is over in less than 300 ms"
        printf "measured: the last task finished after %.0f ms\n", last
        exit !(last >= 200 && last < 300)
    }' "$1"
