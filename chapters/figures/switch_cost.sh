#!/usr/bin/env bash
# Data for figure switch_cost (chapter 07): what one switch costs, measured by make bench's own
# programs (test/bench/07-greenlets: bench_greenlet_switch.c and its Python twin
# greenlet_switch.py), built and run the way tools/bench/bench.sh builds and runs them, and the
# one system call swapcontext makes on each switch, made alone.
# Run from the project root, by make (BUILD says where build/project.mk is); prints
# "rank ns label" lines, cheapest first.
set -euo pipefail

out=build/figures/07-greenlets
lab=07-greenlets
deps=$(sed -n "s/^DEPS_$lab := //p" "${BUILD:-build}/project.mk")
BUILD=$out BENCH_ONLY="bench_greenlet_switch greenlet_switch" tools/bench/bench.sh "$lab $deps" >&2

echo "# ns per switch (per call for sigprocmask), CPU time, median of 7 runs, on $(nproc) cores"
awk '
    $1 == "context_swap_ns"       { print $2, "\"the swap alone\"" }
    $1 == "greenlet_switch_ns"    { print $2, "\"greenlet_switch\"" }
    $1 == "sigprocmask_ns"        { print $2, "\"one sigprocmask call\"" }
    $1 == "py_greenlet_switch_ns" { print $2, "\"Python greenlet\"" }
    $1 == "ucontext_switch_ns"    { print $2, "\"swapcontext\"" }
' "$out/bench/figures.txt" | sort -g | awk '{ print NR - 1, $0 }'
