# What one switch costs, cheapest first, on a logarithmic scale (data: switch_cost.sh).
# The caller sets the terminal, the output and the variable data.
set title "One switch, in nanoseconds of CPU time"
set xlabel "ns per switch (log scale)"
set logscale x
set xrange [1:*]
set yrange [-0.6:3.6]
set ytics noenhanced nomirror
set style fill solid 0.6
set grid xtics
unset key
plot data using (sqrt($2)):1:(1):($2):($1 - 0.3):($1 + 0.3):ytic(3) with boxxyerror, \
     data using ($2 * 1.15):1:(sprintf("%.0f", $2)) with labels left
