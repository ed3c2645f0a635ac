#!/usr/bin/env bash
# Data for figure http_total: the total time of N GETs of /delay/D_MS against the local test
# server, with the blocking client one after another (demo_fetch_sequential) and with the async
# client all at once (demo_fetch_async, one session, no limit). The blocking client stops at
# N = 30: N x D is all it can do, and more would only make the book slow to build.
# Run from the project root; prints a gnuplot table with two blocks: blocking, then async.
set -euo pipefail

out=build/figures/05-http
d_ms=50
make -s --no-print-directory lab-build BUILD_LAB=05-http LAB_SRC=solutions LAB_OUT="$out" >&2
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Itest/lib -o "$out/http_test_server" \
    test/http_test_server/*.c test/lib/http_test_server*.c >&2

ulimit -n "$(ulimit -Hn)"
coproc SERVER { exec "$out/http_test_server" --serve; }
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
read -r port <&"${SERVER[0]}"
url="http://127.0.0.1:$port/delay/$d_ms"

# The milliseconds a demo reports: "Fetched URL N times ... in S s".
total_ms() {
    "$@" | awk '/^Fetched/ { for (i = 1; i < NF; i++) if ($i == "in") print $(i + 1) * 1000 }'
}

echo "# N GETs of /delay/$d_ms on $(nproc) cores; N  total_ms"
echo "# blocking client, one after another"
for n in 1 3 10 30; do
    echo "$n $(total_ms "$out/demo_fetch_sequential" --url "$url" "$n")"
done
printf '\n\n# async client, all at once\n'
for n in 1 3 10 30 100 300 1000; do
    echo "$n $(total_ms "$out/demo_fetch_async" --url "$url" "$n")"
done
