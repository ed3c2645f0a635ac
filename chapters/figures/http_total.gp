# Total time of N GETs of /delay/50 for the blocking and the async client (data: http_total.sh).
# The caller sets the terminal, the output and the variable data.
set title "N requests to a server that answers after 50 ms"
set xlabel "number of requests N"
set ylabel "total time (ms)"
set logscale xy
set xrange [0.8:1300]
set yrange [30:10000]
set key top left
set grid
plot data index 0 using 1:2 with linespoints title "blocking client, one after another", \
     data index 1 using 1:2 with linespoints title "async client, all at once (one session)", \
     50 with lines dashtype 2 title "the server's delay"
