# The picture `make bench` draws (tools/bench/report.sh calls it with dir, targets and pairs):
# left, each figure as a fraction of its target (a bar left of 1 is a target met); right, how many
# times faster the C reference is than the Python system it mirrors. Both axes are logarithmic,
# so "twice too slow" and "twice as fast" look the same size.
rows = (targets > pairs ? targets : pairs)
rows = (rows < 1 ? 1 : rows)
set terminal svg size 1100,(140 + 34 * rows) dynamic enhanced font 'DejaVu Sans,12' background rgb 'white'
set output dir.'/bench.svg'
set multiplot layout 1,2
set logscale x
set style fill solid 0.8 noborder
set grid xtics
set yrange [-0.7:rows - 0.3]
set ytics scale 0 noenhanced
unset key

set title 'value ÷ target  (left of 1: met)'
set xrange [0.01:100]
set arrow 1 from 1, graph 0 to 1, graph 1 nohead lw 2 lc rgb 'black'
if (targets > 0) {
    plot dir.'/plot-targets.dat' using 2:0:($2 < 1 ? $2 : 1):($2 < 1 ? 1 : $2):($0 - 0.35):($0 + 0.35):($2 <= 1 ? 0x2b8a3e : 0xc92a2a):ytic(1) \
        with boxxyerror lc rgb variable notitle, \
        '' using ($2 < 1 ? 1 : $2):0:(sprintf(' %.2f', $2)) with labels left offset 0.3,0 notitle
} else {
    set label 1 'no targets' at graph 0.5, graph 0.5 center
    plot 1/0 notitle
    unset label 1
}

set title 'Python ÷ C  (how many times faster C is)'
set xrange [1:10000]
unset arrow 1
if (pairs > 0) {
    plot dir.'/plot-python.dat' using 2:0:(1):2:($0 - 0.35):($0 + 0.35):ytic(1) with boxxyerror lc rgb '#1864ab' notitle, \
        '' using 2:0:(sprintf(' %.0f×', $2)) with labels left offset 0.3,0 notitle
} else {
    set label 1 'no Python figures' at graph 0.5, graph 0.5 center
    plot 1/0 notitle
}
unset multiplot
