#!/usr/bin/env bash
# The claim of figure accept_queue (chapter 06): with tcp_abort_on_overflow at 0 (Linux's
# default) no client is reset when the accept queue overflows; the clients that did not fit wait
# for a retry, so some connect only returns after about 1 s (the SYN sent again). With
# tcp_abort_on_overflow at 1, clients are reset instead.
set -euo pipefail
awk '
    /^# / && NF == 3 { setting[$2] = $3; next }
    /^#/ { next }
    {
        count[$4]++
        if ($4 == "answered") { last = $3; if ($3 < 1) first_second++ }
        if ($2 >= 0.9) late_connect++
        if ($2 >= 0 && $2 < 0.9) early_connect++
    }
    END {
        printf "clients %d\nbacklog %d\nd_ms %d\nwatch_s %.1f\n", setting["clients"], setting["backlog"], setting["d_ms"], setting["watch_ms"] / 1000
        printf "abort_on_overflow %d\nsyn_retries %d\nsyncookies %d\nlisten_overflows %d\n", setting["tcp_abort_on_overflow"], setting["tcp_syn_retries"], setting["tcp_syncookies"], setting["listen_overflows"]
        printf "answered %d\nfirst_second %d\nearly_connect %d\nlate_connect %d\n", count["answered"], first_second, early_connect, late_connect
        printf "last_answer_s %.1f\nwaiting %d\nreset %d\nrefused %d\n", last, count["waiting"], count["reset"], count["refused"]
        if (setting["tcp_abort_on_overflow"] == 1) {
            print "claim: with tcp_abort_on_overflow set, the clients that do not fit are reset"
            holds = count["reset"] > 0
        } else {
            print "claim: no client is reset; the clients that did not fit connect only after a SYN retry (about 1 s)"
            holds = count["reset"] == 0 && count["refused"] == 0 && late_connect > 0
        }
        printf "measured: %d reset, %d refused, %d connected after 0.9 s, %d answered in the first second\n", count["reset"], count["refused"], late_connect, first_second
        exit !holds
    }' "$1"
