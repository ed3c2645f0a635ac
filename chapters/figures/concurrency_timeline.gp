# Sequential, interleaved and parallel runs of two tasks as a timeline
# (data: chapters/figures/concurrency_timeline.sh; lanes 4..1 from the top).
set xlabel "time since the run began (ms)"
set yrange [0.4:4.6]
set ytics ("sequential (1 core)" 4, "interleaved (1 core)" 3, "parallel, core 1" 2, "parallel, core 2" 1)
set ytics nomirror scale 0
set xrange [0:*]
set grid xtics lc rgb "#dddddd"
set key outside top center horizontal
set style fill solid 0.85 border rgb "white"
plot data using (($4 + $3) / 2):($2 == 1 ? $1 : 1/0):(($4 - $3) / 2):(0.32) with boxxyerror lc rgb "#9a3b1b" title "task A", \
     data using (($4 + $3) / 2):($2 == 2 ? $1 : 1/0):(($4 - $3) / 2):(0.32) with boxxyerror lc rgb "#3465a4" title "task B"
