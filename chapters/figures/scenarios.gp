# The scenarios of chapter 06 as bars (data: scenarios.sh): for each route and client, the time
# each server takes for all the requests, on a log scale. Hatched: extrapolated from the fewer
# requests the cell ran (the blocking server would need minutes).
# The caller sets the terminal, the output and the variable data.
set title "/sleep: one wait of d, /work: ten waits of d"
set ylabel "time for all the requests (ms, log scale)"
set logscale y
set yrange [10:*]
set xrange [-1:15]
set bmargin 4
set boxwidth 0.9
set grid ytics
set key top left font ',11' samplen 1.5
set xtics nomirror font ',11' ("/sleep, 5\none after another" 1, "/work, 5\none after another" 5, \
    "/sleep, N\nat once" 9, "/work, N\nat once" 13)
is(s) = strcol(2) eq s
measured(s) = is(s) && $6 == $5 ? $8 : 1/0
extrapolated(s) = is(s) && $6 < $5 ? $9 : 1/0
plot data using 1:(measured("blocking")) with boxes fs solid 0.8 border -1 lc rgb '#d95f02' title "blocking", \
     data using 1:(measured("threaded")) with boxes fs solid 0.8 border -1 lc rgb '#7570b3' title "threaded", \
     data using 1:(measured("event_loop")) with boxes fs solid 0.8 border -1 lc rgb '#1b9e77' title "event loop", \
     data using 1:(extrapolated("blocking")) with boxes fs pattern 4 border -1 lc rgb '#d95f02' title "extrapolated", \
     data using 1:(extrapolated("threaded")) with boxes fs pattern 4 border -1 lc rgb '#7570b3' notitle
