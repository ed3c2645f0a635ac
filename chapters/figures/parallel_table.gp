# The comparison table as bars (data: parallel_table.sh): on the left the wall time of each
# experiment per way, on the right what starting one job costs and the memory one job holds
# while it waits, on a log scale.
# The caller sets the terminal, the output and the variable data.
set multiplot title "Processes, threads and coroutines, measured" font ',12'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set xtics font ',10' nomirror
set size 0.66, 0.95
set origin 0, 0
set key below font ',9' maxrows 2 samplen 1
set ylabel "wall time (ms)"
set yrange [0:*]
plot data using 2:xtic(1) title "8 waits of 100 ms", \
     '' using 3 title "8 GETs of 100 ms", \
     '' using 4 title "primes, 1 job", \
     '' using 6 title "primes, 2 jobs", \
     '' using 9 title "10 ms timer beside a spin: late by"
set size 0.34, 0.95
set origin 0.66, 0
set key below font ',9' samplen 1
set ylabel "log scale"
set logscale y
set yrange [0.01:*]
set format y "10^{%L}"
set xtics font ',9' rotate by -30
plot data using 10:xtic(1) linecolor rgb '#777777' title "µs to start one", \
     '' using ($11 / 1024) linecolor rgb '#bbbbbb' title "KiB each, alive"
unset multiplot
