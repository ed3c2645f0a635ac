# Twenty clients at once against the blocking server with a backlog of 2 (data: accept_queue.sh):
# for each client, when its connect returned and when its answer came.
# The caller sets the terminal, the output and the variable data.
set title "20 clients at once, blocking server, listen backlog 2"
set xlabel "time since the clients connected (s)"
set ylabel "client (in the order answered)"
set xrange [-0.1:3.6]
set yrange [0:23]
set ytics 5
set grid xtics
set key bottom right font ',11' opaque
set arrow from 1, graph 0 to 1, graph 1 nohead dashtype 2 lc rgb '#888888'
set label "1 s: a dropped SYN is sent again" at 1.05, 22 font ',10' textcolor rgb '#666666'
waiting(col) = strcol(4) eq "answered" ? 1/0 : column(col)
answered(col) = strcol(4) eq "answered" ? column(col) : 1/0
plot data using ($2 < 0 ? 0 : $2):1:($3 - ($2 < 0 ? 0 : $2)):(0) with vectors nohead lw 2 lc rgb '#bbbbbb' title "connected, request not yet read", \
     data using ($2 < 0 ? 1/0 : $2):1 with points pt 6 ps 1.2 lc rgb '#7570b3' title "connect returned", \
     data using (answered(3)):1 with points pt 7 ps 1.2 lc rgb '#1b9e77' title "answer arrived", \
     data using (waiting(3)):1 with points pt 2 ps 1.4 lc rgb '#d95f02' title "still waiting"
