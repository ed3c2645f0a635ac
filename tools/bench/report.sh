#!/usr/bin/env bash
# The report `make bench` ends with: bench-report.sh FIGURES OUT_DIR
#
# FIGURES holds "figure value program" lines (tools/bench/bench.sh writes it). Each lab may declare the
# targets its issue sets in test/bench/<lab>/targets, as "figure op bound" lines (op: <= or >=). A
# bound may be a factor times another figure of the same run, "0.9*nginx_hello_rps": it is turned
# into a number here; when the other figure did not come out, the bound is "?" and the target missed.
# Prints a table (figure, value, target, met?), writes OUT_DIR/bench.json ({"figure": value}) and,
# when gnuplot is installed, draws OUT_DIR/bench.svg (tools/bench/bench.gp): every figure against its target, and every
# C figure against its Python twin (py_<figure>). Exits 1 when a target is missed.
set -euo pipefail

figures=$1 out=$2
targets=$out/targets.txt
cat test/bench/*/targets 2>/dev/null | grep -Ev '^[[:space:]]*(#|$)' |
    awk 'FILENAME == ARGV[1] { value[$1] = $2; next }
         $3 ~ /^[0-9.]+\*[A-Za-z_0-9]+$/ {
             split($3, part, "*")
             if (!(part[2] in value)) {
                 print "bench: no value for " part[2] ", which the target of " $1 " needs" > "/dev/stderr"
                 $3 = "?"
             } else {
                 bound = part[1] * value[part[2]]
                 $3 = sprintf(bound >= 1000 ? "%.0f" : "%.4g", bound)
             }
         }
         { print }' "$figures" - > "$targets" || true

missed=0
printf '\n%-34s %12s  %-10s %-5s %s\n' figure value target met program
while read -r figure value name; do
    read -r _ op bound <<< "$(grep -E "^${figure}[[:space:]]" "$targets" || true)"
    met="" target=""
    if [ -n "${op:-}" ]; then
        target="$op $bound"
        if [ "$bound" != "?" ] && awk -v v="$value" -v b="$bound" -v op="$op" \
            'BEGIN { exit !((op == "<=" && v <= b) || (op == ">=" && v >= b)) }'; then
            met=yes
        else
            met=NO missed=$((missed + 1))
        fi
    fi
    printf '%-34s %12s  %-10s %-5s %s\n' "$figure" "$value" "$target" "$met" "$name"
done < "$figures"
# A target whose figure never came out is a miss too: the benchmark did not run or broke.
while read -r figure _; do
    if ! grep -qE "^$figure " "$figures"; then
        echo "bench: no value for $figure, which has a target" >&2
        missed=$((missed + 1))
    fi
done < "$targets"

jq -Rn '[inputs | split(" ") | {(.[0]): (.[1] | tonumber)}] | add // {}' < "$figures" > "$out/bench.json"
echo "Figures: $out/bench.json"

# The plot's data, "figure ratio" lines in two files: value/bound for each figure with a target
# (below 1 is met; bound/value for a >= target), and python/C for each figure with a py_ twin (how
# many times faster C is).
rm -f "$out/plot-targets.dat" "$out/plot-python.dat"
awk -v out="$out" '
    NR == FNR { op[$1] = $2; bound[$1] = $3; next }
    { value[$1] = $2; order[n++] = $1 }
    END {
        for (i = 0; i < n; i++) {
            f = order[i]
            if (f in bound && bound[f] + 0 != 0 && value[f] != 0)
                print f, (op[f] == "<=" ? value[f] / bound[f] : bound[f] / value[f]) > (out "/plot-targets.dat")
            if (("py_" f) in value && value[f] != 0)
                print f, value["py_" f] / value[f] > (out "/plot-python.dat")
        }
    }' "$targets" "$figures"
touch "$out/plot-targets.dat" "$out/plot-python.dat"
if command -v gnuplot >/dev/null; then
    gnuplot -e "dir='$out'" -e "targets=$(wc -l < "$out/plot-targets.dat")" \
        -e "pairs=$(wc -l < "$out/plot-python.dat")" tools/bench/bench.gp
    echo "Plot:    $out/bench.svg"
else
    echo "bench: gnuplot is missing (tools/install-deps.sh book): no plot" >&2
fi

if [ "$missed" -gt 0 ]; then
    echo "bench: $missed target(s) missed" >&2
    exit 1
fi
