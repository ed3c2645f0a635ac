#!/usr/bin/env bash
# The claims of figure parallel_table (chapter 08): eight waits, and eight GETs, of 100 ms take
# less than 400 ms every way (half of the 800 ms they take one after another); two threads count
# the primes more than 1.2x faster than one (both cores, no GIL); a 10 ms timer beside a coroutine
# that computes for 100 ms fires at least 80 ms late, beside a thread that computes less than
# 50 ms late; starting a coroutine costs less than starting a thread, which costs less than
# starting a process, and so does the memory one holds while it waits. Prints the figures the
# chapter quotes.
set -euo pipefail
awk '
    $1 !~ /^#/ && NF == 12 {
        speedup[$1] = $8; late[$1] = $9; start[$1] = $10; bytes[$1] = $11; fit[$1] = $12
        if ($2 + 0 > max_waits) max_waits = $2 + 0
        if ($3 + 0 > max_gets) max_gets = $3 + 0
    }
    END {
        printf "waits_max_ms %.0f\ngets_max_ms %.0f\n", max_waits, max_gets
        printf "threads_speedup %.2f\nprocesses_speedup %.2f\ncoroutines_speedup %.2f\n", speedup["threads"], speedup["processes"], speedup["coroutines"]
        printf "coroutine_late_ms %.0f\nthread_late_ms %.1f\nprocess_late_ms %.1f\n", late["coroutines"], late["threads"], late["processes"]
        printf "process_start_us %.0f\nthread_start_us %.0f\ncoroutine_start_us %.2f\n", start["processes"], start["threads"], start["coroutines"]
        printf "process_kib %.0f\nthread_kib %.1f\ncoroutine_bytes %.0f\n", bytes["processes"] / 1024, bytes["threads"] / 1024, bytes["coroutines"]
        printf "process_fit %d\nthread_fit %d\ncoroutine_fit %d\n", fit["processes"], fit["threads"], fit["coroutines"]
        if (max_waits >= 400) broken = broken "; eight waits took " max_waits " ms"
        if (max_gets >= 400) broken = broken "; eight GETs took " max_gets " ms"
        if (speedup["threads"] <= 1.2) broken = broken "; two threads were only " speedup["threads"] "x faster than one"
        if (late["coroutines"] < 80) broken = broken "; the timer beside a computing coroutine was only " late["coroutines"] " ms late"
        if (late["threads"] >= 50) broken = broken "; the timer beside a computing thread was " late["threads"] " ms late"
        if (!(start["coroutines"] < start["threads"] && start["threads"] < start["processes"])) broken = broken "; starting one cost " start["coroutines"] " us (coroutine), " start["threads"] " us (thread), " start["processes"] " us (process)"
        if (!(bytes["coroutines"] < bytes["threads"] && bytes["threads"] < bytes["processes"])) broken = broken "; one job held " bytes["coroutines"] " B (coroutine), " bytes["threads"] " B (thread), " bytes["processes"] " B (process)"
        print "claim: 8 waits and 8 GETs of 100 ms take < 400 ms every way (one after another: 800); 2 threads count primes > 1.2x faster than 1; a timer beside a computing coroutine is >= 80 ms late, beside a computing thread < 50 ms; starting costs, and the memory one holds, coroutine < thread < process"
        printf "measured: waits at most %.0f ms, GETs %.0f ms, threads %.2fx, timer late by %.0f ms (coroutine) and %.1f ms (thread), starts %.2f / %.0f / %.0f us%s\n", max_waits, max_gets, speedup["threads"], late["coroutines"], late["threads"], start["coroutines"], start["threads"], start["processes"], broken
        exit broken != ""
    }' "$1"
