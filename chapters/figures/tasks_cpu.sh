#!/usr/bin/env bash
# Data for figure tasks_cpu: wall time and CPU time of the busy and the sleeping loop as the
# number of tasks grows (each task lasts D_MS). Run from the project root; prints a gnuplot table.
set -euo pipefail

out=build/figures/02-tasks
d_ms=100
make -s --no-print-directory lab-build BUILD_LAB=02-tasks LAB_SRC=solutions LAB_OUT="$out" >&2

# Prints "wall cpu" (seconds) for one run of the demo: demo_tasks LOOP N D_MS.
measure() {
    "$out/demo_tasks" "$1" "$2" "$d_ms" |
        awk '/^Total time:/ { wall = $3 } /^CPU time:/ { cpu = $3 } END { print wall, cpu }'
}

echo "# $d_ms ms tasks waited by wait_all (busy) and wait_all_sleeping, measured on $(nproc) cores"
echo "# n  busy_wall_s busy_cpu_s  sleeping_wall_s sleeping_cpu_s"
for n in 1 10 100 1000 10000 100000; do
    echo "$n $(measure --busy "$n") $(measure --sleeping "$n")"
done
