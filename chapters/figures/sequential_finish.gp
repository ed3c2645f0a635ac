# Lab 01's finish times against the ideal lines (data: chapters/figures/sequential_finish.sh).
set xlabel "task"
set ylabel "finished after (ms)"
set key top left box opaque
set grid ytics lc rgb "#dddddd"
set xrange [0.5:*]
set yrange [0:*]
set xtics 1
plot data using 1:3 with lines lw 2 lc rgb "#9a3b1b" title "ideal when one after another: i × d", \
     data using 1:4 with lines lw 2 dt 2 lc rgb "#3465a4" title "the goal of the next labs: d", \
     data using 1:2 with points pt 7 ps 1.3 lc rgb "#1d1d1f" title "measured (lab 01, this machine)"
