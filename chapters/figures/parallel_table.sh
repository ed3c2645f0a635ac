#!/usr/bin/env bash
# Data for figure parallel_table: demo_table's cells for processes, threads and coroutines -
# eight waits of 100 ms, eight GETs of /delay/100 from lab 05's delay server, primes up to
# 400 000 counted by one job and by two (interleaved chunks), a 10 ms timer beside a 100 ms
# computation, and the cost of starting one job.
# Run from the project root; prints a gnuplot table, one row per way.
set -euo pipefail

out=build/figures/08-parallel
make -s --no-print-directory lab-build BUILD_LAB=08-parallel LAB_SRC=solutions LAB_OUT="$out" >&2
echo "# measured on $(nproc) cores"
"$out/demo_table" --data 400000 100 256
