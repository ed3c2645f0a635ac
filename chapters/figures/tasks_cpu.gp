# CPU time against wall time for both loops as the number of tasks grows (data: tasks_cpu.sh).
# The caller sets the terminal, the output and the variable data.
set title "Waiting for N tasks of 100 ms"
set xlabel "number of tasks N"
set ylabel "seconds"
set logscale x
set format x "10^{%L}"
set yrange [0:*]
set key below
set grid
plot data using 1:2 with linespoints title "busy loop: wall time", \
     data using 1:3 with linespoints title "busy loop: CPU time", \
     data using 1:4 with linespoints dashtype 2 title "sleeping loop: wall time", \
     data using 1:5 with linespoints dashtype 2 title "sleeping loop: CPU time"
