#!/usr/bin/env bash
# Lab 05's reference client against servers nobody on the project wrote: Python's http.server
# (HTTP/1.0, HTTP/1.1, and with a 103 Early Hints before each response) and aiohttp with a
# short keep-alive timeout, all on 127.0.0.1 with ports the system picks. Every status and
# body is compared with what the server holds (test/realservers/servers.py serves the files
# made here). One "ok: ..." or "FAIL: ..." line per check; exits non-zero if any failed.
# Run by tools/check/test.sh; alone: BUILD=build TOOLS=build/tools tools/check/realservers.sh
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
: "${BUILD:=build}"
work="$BUILD/realservers"
rm -rf "$work" && mkdir -p "$work/www/files"
py=/usr/bin/python3 # Debian's, which sees python3-aiohttp (see DESIGN.md, section 7)
passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() {
    failed=$((failed + 1))
    echo "FAIL: $1"
    shift
    for line in "$@"; do echo "    $line"; done
}

# The files served: empty, tiny, one that spans many reads, and one of binary bytes.
: >"$work/www/files/empty"
echo "hello from a real server" >"$work/www/files/small"
head -c 300000 /dev/urandom >"$work/www/files/big"
"$py" -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 64)' >"$work/www/files/binary"

src=${RS_SRC:-solutions} # RS_SRC: another tree of lab dirs, to see these checks fail
client="$work/rs_fetch"
sources=()
for dir in 05-http 04-gather 03-generators 02-tasks 01-sequential; do
    for c in "$src/$dir"/*.c; do
        case "$c" in */demo_*) ;; *) sources+=("$c") ;; esac
    done
done
if ! "${CC:-gcc}" -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O2 \
    -I"$src/05-http" -I"$src/04-gather" -I"$src/03-generators" -I"$src/02-tasks" \
    -I"$src/01-sequential" \
    -o "$client" test/realservers/rs_fetch.c "${sources[@]}" >"$work/build.log" 2>&1; then
    fail "the real-server client (test/realservers/rs_fetch.c) builds" "$(tail -n 5 "$work/build.log")"
    echo "$passed passed, $failed failed"
    exit 1
fi

server_pid=
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
        server_pid=
    fi
}
trap stop_server EXIT

# start_server NAME ARGS...: starts servers.py ARGS in the background; sets port, or fails.
start_server() {
    local name=$1
    shift
    rm -f "$work/$name.port"
    "$py" test/realservers/servers.py "$@" >"$work/$name.port" 2>"$work/$name.server.log" &
    server_pid=$!
    for _ in $(seq 100); do
        port=$(head -n 1 "$work/$name.port" 2>/dev/null)
        [ -n "$port" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    stop_server
    return 1
}

# run_case NAME WHAT CLIENT_ARGS -- SPEC...: each SPEC is STATUS:PATH[:FILE]; fetches every
# PATH (in the order given, all at once each round) and checks each round's statuses, and
# bodies against www/files/FILE. Sets the case's log to $work/NAME.log for further checks.
run_case() {
    local name=$1 what=$2
    shift 2
    local args=()
    while [ "$1" != -- ]; do args+=("$1"); shift; done
    shift
    local specs=("$@") urls=() spec
    for spec in "${specs[@]}"; do
        IFS=: read -r _ path _ <<<"$spec"
        urls+=("http://127.0.0.1:$port$path")
    done
    mkdir -p "$work/$name"
    log="$work/$name.log"
    timeout -k 2 20 "$client" "${args[@]}" --out "$work/$name" "${urls[@]}" >"$log" 2>&1
    local rc=$? problems=()
    [ $rc -eq 0 ] || problems+=("the client exited with $rc")
    local round i status want file got
    while read -r _ round i status _ message; do
        IFS=: read -r want _ file <<<"${specs[$i]}"
        [ "$status" = "$want" ] || problems+=("round $round, ${specs[$i]}: status $status ($message)")
        if [ -n "$file" ] && ! cmp -s "$work/$name/$round.$i" "$work/www/files/$file"; then
            got=$(stat -c %s "$work/$name/$round.$i" 2>/dev/null || echo none)
            problems+=("round $round, ${specs[$i]}: the body ($got bytes) differs from the file")
        fi
    done < <(grep '^fetch ' "$log")
    grep -q '^fetch ' "$log" || problems+=("no fetch reported: $(tail -n 3 "$log")")
    if [ ${#problems[@]} -eq 0 ]; then
        pass "$what"
        return 0
    fi
    fail "$what" "${problems[@]:0:8}"
    return 1
}

# session FIELD: the client's session counter from the last case's log.
session() { awk -v f="$1" '$1 == "session" { for (i = 2; i < NF; i++) if ($i == f) print $(i + 1) }' "$log"; }

files=(200:/files/big:big 200:/files/small:small 200:/files/empty:empty 200:/files/binary:binary
       404:/files/missing)

if start_server http10 http10 "$work/www"; then
    if run_case http10 "http.server, HTTP/1.0: statuses and bodies as the server holds them" \
        --rounds 2 -- "${files[@]}"; then
        if [ "$(session connects)" = 10 ]; then
            pass "http.server, HTTP/1.0: a new connection per request"
        else
            fail "http.server, HTTP/1.0: a new connection per request" "$(tail -n 1 "$log")"
        fi
    fi
    stop_server
else
    fail "http.server (HTTP/1.0) starts" "$(tail -n 3 "$work/http10.server.log")"
fi

if start_server http11 http11 "$work/www"; then
    run_case http11 "http.server, HTTP/1.1 keep-alive: statuses and bodies over a pool of 2" \
        --limit 2 --rounds 3 -- "${files[@]}"
    stop_server
else
    fail "http.server (HTTP/1.1) starts" "$(tail -n 3 "$work/http11.server.log")"
fi

if start_server hints hints "$work/www"; then
    run_case hints "http.server, a 103 Early Hints before each response: skipped, then the next fetch on the same connection" \
        --limit 1 --rounds 2 -- "${files[@]}"
    stop_server
else
    fail "http.server (with Early Hints) starts" "$(tail -n 3 "$work/hints.server.log")"
fi

# aiohttp checks a connection's keep-alive timeout about once a second after it runs out:
# 0.2 s plus up to 1 s; the pause between rounds leaves a second more for a loaded machine.
if start_server aiohttp aiohttp "$work/www" 0.2; then
    if run_case aiohttp "aiohttp, keep-alive timeout 0.2 s: sized and chunked bodies, across a 2.5 s pause" \
        --limit 3 --rounds 2 --pause-ms 2500 -- "${files[@]}" 200:/chunked/big:big 200:/chunked/binary:binary; then
        if [ "$(session dropped)" -ge 1 ] 2>/dev/null; then
            pass "aiohttp: the pooled connections it closed after its keep-alive timeout were dropped before reuse"
        else
            fail "aiohttp: the pooled connections it closed after its keep-alive timeout were dropped before reuse" \
                "$(tail -n 1 "$log")"
        fi
    fi
    stop_server
else
    fail "aiohttp starts (is python3-aiohttp installed? tools/install-deps.sh core)" \
        "$(tail -n 3 "$work/aiohttp.server.log")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
