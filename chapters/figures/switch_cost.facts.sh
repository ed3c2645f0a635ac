#!/usr/bin/env bash
# The claim of figure switch_cost (chapter 07): a switch through greenlet_switch costs no less than
# the bare swap under it, and at most a fifth of a switch of Python's greenlet or of swapcontext.
# Prints the figures the chapter quotes (ns, and how many of our switches one of theirs costs).
set -euo pipefail
awk '
    $1 !~ /^#/ && NF >= 3 {
        label = $3; for (i = 4; i <= NF; i++) label = label " " $i
        ns[label] = $2
    }
    END {
        swap = ns["\"the swap alone\""]; ours = ns["\"greenlet_switch\""]
        py = ns["\"Python greenlet\""]; uc = ns["\"swapcontext\""]
        if (swap == "" || ours == "" || py == "" || uc == "") {
            print "claim: the four switches were measured"
            print "measured: a switch is missing from the data"
            exit 1
        }
        printf "swap_ns %.0f\ngreenlet_ns %.0f\npython_ns %.0f\nucontext_ns %.0f\n", swap, ours, py, uc
        printf "bookkeeping_ns %.0f\n", ours - swap
        printf "python_over_ours %.0f\nucontext_over_ours %.0f\n", py / ours, uc / ours
        printf "ucontext_extra_ns %.0f\n", uc - swap
        print "claim: the bare swap <= greenlet_switch <= a fifth of Python greenlet and of swapcontext"
        printf "measured: swap %.1f ns, greenlet_switch %.1f ns, Python greenlet %.1f ns, swapcontext %.1f ns\n",
               swap, ours, py, uc
        exit !(swap <= ours && 5 * ours <= py && 5 * ours <= uc)
    }' "$1"
