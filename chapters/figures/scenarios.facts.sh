#!/usr/bin/env bash
# The claim of figure scenarios (chapter 06): every request a cell ran was answered 200, and
# the event-loop server answers N concurrent /work requests (ten waits of d each) in less than a
# third of the threaded server's time, which is about 10 d; and the event loop on both routes,
# and the threaded server on /sleep, take less than 3 d (the prose says a little over one d).
set -euo pipefail
awk '
    /^# demo_scenarios/ { d = $4; n = $5 }
    $1 !~ /^#/ && NF == 9 {
        key = $2 "_" ($3 == "/work" ? "work" : "sleep") "_" $4
        ms[key] = $8; full[key] = $9
        if ($7 != $6) unanswered += $6 - $7
    }
    END {
        printf "d_ms %d\nn %d\n", d, n
        printf "loop_work_ms %.0f\nthreaded_work_ms %.0f\n", ms["event_loop_work_concurrent"], ms["threaded_work_concurrent"]
        printf "loop_sleep_ms %.0f\nthreaded_sleep_ms %.0f\n", ms["event_loop_sleep_concurrent"], ms["threaded_sleep_concurrent"]
        printf "blocking_sleep_s %.1f\nblocking_work_s %.0f\n", full["blocking_sleep_concurrent"] / 1000, full["blocking_work_concurrent"] / 1000
        printf "sequential_work_s %.1f\n", full["event_loop_work_sequential"] / 1000
        print "claim: every request is answered and the event loop serves N concurrent /work requests in under a third of the threaded server time"
        printf "measured: %d requests unanswered; N concurrent /work took %.0f ms on the event loop and %.0f ms on the threaded server\n", unanswered, ms["event_loop_work_concurrent"], ms["threaded_work_concurrent"]
        lw = ms["event_loop_work_concurrent"]; tw = ms["threaded_work_concurrent"]
        ls = ms["event_loop_sleep_concurrent"]; ts = ms["threaded_sleep_concurrent"]
        # The prose says "a little over one d" of these three: not more than 3 d, under load.
        exit !(unanswered == 0 && lw > 0 && lw * 3 < tw && lw < 3 * d && ls < 3 * d && ts < 3 * d)
    }' "$1"
