#!/usr/bin/env bash
# Runs the benchmarks: bench.sh "LAB_DIR [DEP_DIR...]"...   (the Makefile's `bench` target)
#
# For each lab that has a test/bench/<lab>/ directory: builds every test/bench/<lab>/bench_*.c, optimised,
# against the reference code in solutions/<lab> and solutions/<dep> (demo programs left out),
# runs it, then runs every test/bench/<lab>/*.py with /usr/bin/python3 (Debian's interpreter, which
# sees Debian's modules). Each prints "figure value" lines on stdout; notes go to stderr.
# Then tools/bench/report.sh prints the table (with each lab's targets), writes
# $BUILD/bench/bench.json ({"figure": value, ...}) and draws $BUILD/bench/bench.svg.
# Environment: BUILD (build), CC (cc), BENCH_CFLAGS (the compiler flags; -O2 is added).
# BENCH_ONLY="NAME..." runs only the benchmarks so named (file names without .c or .py) and skips
# the report: a book figure measures one of them this way, and reads $BUILD/bench/figures.txt.
set -euo pipefail

build=${BUILD:-build}/bench
cc=${CC:-cc}
read -r -a cflags <<< "${BENCH_CFLAGS:--std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror}"
python=/usr/bin/python3
mkdir -p "$build"
figures=$build/figures.txt   # "figure value program" lines, in the order they were printed
: > "$figures"
status=0
figure_prefix=""  # set per variant: what the figures of a variant's build are called
only=${BENCH_ONLY:-}

# Whether the benchmark in file $1 is to run (BENCH_ONLY).
wanted() {
    local name
    name=$(basename "${1%.*}")
    [ -z "$only" ] || [[ " $only " == *" $name "* ]]
}

# Runs one benchmark (the command in "$@", named after its last word) and files its figures.
run_bench() {
    local name output line figure value rest
    name=$(basename "${!#}")
    echo "bench: running $name" >&2
    if ! output=$("$@"); then
        echo "bench: $name failed" >&2
        status=1
    fi
    while IFS= read -r line; do
        read -r figure value rest <<< "$line"
        figure=$figure_prefix$figure
        if [[ -n $figure && -z $rest && $value =~ ^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]]; then
            echo "$figure $value $name" >> "$figures"
        else
            echo "bench: $name printed '$line', not 'figure value'" >&2
            status=1
        fi
    done <<< "$output"
}

for spec in "$@"; do
    read -r lab deps <<< "$spec"
    [ -d "test/bench/$lab" ] || continue
    dirs=("solutions/$lab")
    for dep in $deps; do
        dirs+=("solutions/$dep")
    done
    includes=(-Itest/bench) sources=() # test/bench: bench_measure.h, shared by every bench
    for dir in "${dirs[@]}"; do
        includes+=("-I$dir")
        for file in "$dir"/*.c; do
            [[ -e $file && $(basename "$file") != demo_* ]] && sources+=("$file")
        done
    done
    # test/bench/<lab>/sources may list more sources (globs, one a line; # comments), e.g. a test server.
    if [ -f "test/bench/$lab/sources" ]; then
        while read -r pattern; do
            [[ -z $pattern || $pattern == \#* ]] && continue
            for file in $pattern; do
                [ -e "$file" ] && sources+=("$file") && includes+=("-I$(dirname "$file")")
            done
        done < "test/bench/$lab/sources"
    fi
    # test/bench/<lab>/ldflags may add link options (one a line; # comments), e.g. -Wl,--wrap.
    ldflags=()
    if [ -f "test/bench/$lab/ldflags" ]; then
        while read -r line; do
            [[ -z $line || $line == \#* ]] || ldflags+=("$line")
        done < "test/bench/$lab/ldflags"
    fi
    mkdir -p "$build/$lab"
    # test/bench/<lab>/variants may list builds of the same code ("PREFIX FLAGS...", one a line;
    # PREFIX - for none): each benchmark is built and run once per line, with the extra compiler
    # flags, and its figures are named PREFIX<figure>. Without the file: one build, no prefix.
    variants=("- ")
    if [ -f "test/bench/$lab/variants" ]; then
        mapfile -t variants < <(grep -Ev '^[[:space:]]*(#|$)' "test/bench/$lab/variants")
    fi
    for bench in "test/bench/$lab"/bench_*.c; do
        if [ ! -e "$bench" ] || ! wanted "$bench"; then continue; fi
        for variant in "${variants[@]}"; do
            read -r prefix extra <<< "$variant"
            [ "$prefix" = - ] && prefix=""
            read -r -a extra_flags <<< "${extra:-}"
            program=$build/$lab/$prefix$(basename "$bench" .c)
            if "$cc" "${cflags[@]}" "${extra_flags[@]}" -O2 "${includes[@]}" -o "$program" "$bench" \
                "${sources[@]}" ${ldflags[@]+"${ldflags[@]}"}; then
                figure_prefix=$prefix run_bench "$program"
            else
                echo "bench: $bench ($variant) does not build" >&2
                status=1
            fi
        done
    done
    for script in "test/bench/$lab"/*.py; do
        if [ ! -e "$script" ] || ! wanted "$script"; then continue; fi
        if [ -x "$python" ]; then
            run_bench "$python" "$script"
        else
            echo "bench: $python is missing: skipping $script" >&2
        fi
    done
done

[ -n "$only" ] || tools/bench/report.sh "$figures" "$build" || status=1
exit $status
