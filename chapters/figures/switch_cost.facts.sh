#!/usr/bin/env bash
# The claim of figure switch_cost (chapter 07): a switch through greenlet_switch costs no less than
# the bare swap under it, and at most a fifth of a switch of Python's greenlet or of swapcontext;
# the system call swapcontext makes is at least a third of what it costs beyond the bare swap. Prints the
# figures the chapter quotes, rounded before any difference or ratio is taken, so that the
# numbers side by side in the prose add up.
set -euo pipefail
awk '
    $1 !~ /^#/ && NF >= 3 {
        label = $3; for (i = 4; i <= NF; i++) label = label " " $i
        ns[label] = sprintf("%.0f", $2) + 0
    }
    function difference(a, b) { return a > b ? a - b : 0 }
    END {
        swap = ns["\"the swap alone\""]; ours = ns["\"greenlet_switch\""]
        py = ns["\"Python greenlet\""]; uc = ns["\"swapcontext\""]
        sig = ns["\"one sigprocmask call\""]
        if (swap == "" || ours == "" || py == "" || uc == "" || sig == "" || ours == 0) {
            print "claim: the five costs were measured"
            print "measured: a cost is missing from the data"
            exit 1
        }
        printf "swap_ns %d\ngreenlet_ns %d\npython_ns %d\nucontext_ns %d\nsigprocmask_ns %d\n",
               swap, ours, py, uc, sig
        printf "bookkeeping_ns %d\nucontext_extra_ns %d\n", difference(ours, swap), difference(uc, swap)
        printf "python_over_ours %.0f\nucontext_over_ours %.0f\n", py / ours, uc / ours
        extra = difference(uc, swap)
        printf "sigprocmask_percent_of_extra %.0f\n", (extra > 0 ? 100 * sig / extra : 0)
        print "claim: the bare swap <= greenlet_switch <= a fifth of Python greenlet and of swapcontext," \
              " and one sigprocmask call is at least a third of what swapcontext costs beyond the bare swap"
        printf "measured: swap %d ns, greenlet_switch %d ns, Python greenlet %d ns, swapcontext %d ns," \
               " sigprocmask %d ns\n", swap, ours, py, uc, sig
        exit !(swap <= ours && 5 * ours <= py && 5 * ours <= uc && 3 * sig >= uc - swap)
    }' "$1"
