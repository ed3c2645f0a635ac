#!/usr/bin/env bash
# The claim of figure http_total (chapter 05): the blocking client takes about N x 50 ms; the
# async client takes far less (here: at N = 30, less than a fifth of the blocking client's time).
set -euo pipefail
awk '
    /^# async/ { async = 1 }
    $1 !~ /^#/ && NF == 2 { if (async) a[$1] = $2; else b[$1] = $2; if (async) maxn = $1 }
    END {
        printf "blocking_30_ms %.0f\nasync_30_ms %.0f\nasync_max_n %d\nasync_max_ms %.0f\n", b[30], a[30], maxn, a[maxn]
        print "claim: 30 requests take the async client less than a fifth of the blocking client time"
        printf "measured: 30 requests took %.0f ms one after another and %.0f ms all at once\n", b[30], a[30]
        exit !(a[30] > 0 && a[30] * 5 < b[30])
    }' "$1"
