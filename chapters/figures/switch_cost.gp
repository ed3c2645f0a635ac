# What one switch costs, and the system call swapcontext adds, cheapest first, on a logarithmic
# scale (data: switch_cost.sh).
# The caller sets the terminal, the output and the variable data.
set title "One switch, and one system call, in nanoseconds of CPU time"
set xlabel "ns (log scale)"
set logscale x
set xrange [1:*]
set yrange [-0.6:4.6]
set ytics noenhanced nomirror
set style fill solid 0.6
set grid xtics
unset key
plot data using (sqrt($2)):1:(1):($2):($1 - 0.3):($1 + 0.3):ytic(3) with boxxyerror, \
     data using ($2 * 1.15):1:(sprintf("%.0f", $2)) with labels left
