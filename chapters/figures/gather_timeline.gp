# One lane per task of demo_gather, from its trace (data: gather_timeline.sh): where each task
# waits at an await, where it runs a step, and where it is woken. Lane 6 (top) is task 1.
set xlabel "time since the loop started (ms)"
set ylabel ""
set yrange [0.3:6.7]
set ytics ("main" 1, "sleeper 4" 2, "sleeper 3" 3, "sleeper 2" 4, "sleeper 1" 5, "sleeper 0" 6)
set ytics nomirror scale 0
set xrange [-5:*]
set grid xtics lc rgb "#dddddd"
set key outside top center horizontal
plot data index 0 using 2:1:($3 - $2):(0) with vectors nohead lw 6 lc rgb "#9ec2e6" title "suspended at an await", \
     data index 1 using 2:1 with points pt 7 ps 1.2 lc rgb "#9a3b1b" title "runs a step", \
     data index 2 using 2:1 with points pt 6 ps 2 lc rgb "#204a87" title "woken"
