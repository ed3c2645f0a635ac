#!/usr/bin/env bash
# make test: everything a maintainer must keep green. Run through `make test`, which sets
# BUILD, TOOLS, LAB_DIRS and LAB_IDS from project.yml. Each check prints "ok: ..." or
# "FAIL: ..." (with the evidence); the last line is "N passed, N failed".
set -uo pipefail

: "${BUILD:?run me through make test}" "${TOOLS:?}" "${LAB_DIRS:?}" "${LAB_IDS:?}"
work="$BUILD/test"
rm -rf "$work" && mkdir -p "$work"
passed=0 failed=0

# section TITLE: starts a part of the run; each part says how long it took, so a slow one shows.
section_title="" section_start=$SECONDS
section() {
    [ -z "$section_title" ] || echo "   ($((SECONDS - section_start)) s)"
    section_title=$1 section_start=$SECONDS
    [ -z "$section_title" ] || echo "== $section_title"
}

pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# check DESCRIPTION COMMAND...: one check; on failure, show the end of what it printed.
check() {
    local what=$1 log
    shift
    log="$work/check-$((passed + failed)).log"
    if "$@" >"$log" 2>&1; then
        pass "$what"
    else
        fail "$what"
        tail -n 25 "$log" | sed 's/^/    /'
    fi
}

# tally LOG: shows the "ok:" / "FAIL:" lines another tool printed and adds them to our totals
# (tally_ok and tally_bad keep this log's counts).
tally() {
    grep -E '^(ok|FAIL): ' "$1"
    tally_ok=$(grep -c '^ok: ' "$1")
    tally_bad=$(grep -c '^FAIL: ' "$1")
    passed=$((passed + tally_ok))
    failed=$((failed + tally_bad))
}

read -ra labs <<<"$LAB_DIRS"

section "the handout: labs/ is what solutions/ generates"
check "stub generator builds every lab" tools/handout/make-labs.sh "$TOOLS/stubgen" "$work/labs" "${labs[@]}"
for lab in "${labs[@]}"; do
    check "labs/$lab is in sync with solutions/$lab (run 'make labs' and commit)" \
        diff -r "labs/$lab" "$work/labs/$lab"
done
for dir in labs/*/; do
    dir=${dir%/}
    case " $LAB_DIRS " in *" ${dir#labs/} "*) ;; *) fail "$dir is not a lab in project.yml" ;; esac
done

section "the stub generator rejects broken markers"
for bad in test/stubgen/bad-*.c; do
    name=$(basename "$bad" .c)
    if "$TOOLS/stubgen" "$bad" "$work/$name.out" >"$work/$name.err" 2>&1; then
        fail "stubgen accepted $bad"
    elif ! grep -q "^$bad:[0-9]*: " "$work/$name.err" ||
        ! grep -qF "$(head -n 1 "$bad" | sed 's|^// expect: ||')" "$work/$name.err"; then
        fail "stubgen rejected $bad with an unexpected message: $(cat "$work/$name.err")"
    elif [ -e "$work/$name.out" ]; then
        fail "stubgen left a partial output behind for $bad"
    else
        pass "stubgen rejects $name: $(cat "$work/$name.err")"
    fi
done
check "stubgen turns test/stubgen/good.c into good.expected" \
    bash -c "'$TOOLS/stubgen' test/stubgen/good.c '$work/good.out' && diff test/stubgen/good.expected '$work/good.out'"

section "warning-free builds (-Wall -Wextra -Werror) with gcc and clang"
# With gcc, the reference and the stubs are built by their grading below, with the same flags (a
# warning there fails every test of its lab, and a stub that does not compile is named), all but
# the demos, which are compiled here (demo-objects); clang builds both trees here, and the demos
# it builds run next. Two builds
# at a time (each runs one compiler after another), reported in order. ccache, when there, keeps
# the objects of one run: lab 08 builds on labs 01-05, and their sources compile once per tree and
# compiler instead of once per lab that needs them (the cache lives and dies with this run).
builds=()
for lab in "${labs[@]}"; do
    builds+=("gcc solutions $lab")
done
for tree in solutions labs; do
    for lab in "${labs[@]}"; do
        builds+=("clang $tree $lab")
    done
done
cache=()
command -v ccache >/dev/null && cache=(ccache)
export CCACHE_DIR="$work/ccache" CCACHE_NOSTATS=1
# The stubs' tests and demos are the reference's, compiled against the same headers: their
# objects alone are what differs (lab-objects).
build_one() {
    local cc tree lab target=lab-build
    read -r cc tree lab <<<"$1"
    [ "$tree" = solutions ] || target=lab-objects
    [ "$cc" = clang ] || target=demo-objects
    make -s --no-print-directory "$target" CC="${cache[*]} $cc" BUILD_LAB="$lab" LAB_SRC="$tree" \
        LAB_OUT="$work/$cc-$tree/$lab" >"$work/build-$cc-$tree-$lab.log" 2>&1
    echo $? >"$work/build-$cc-$tree-$lab.rc"
}
running=0
for build in "${builds[@]}"; do
    if [ "$running" -ge 2 ]; then
        wait -n
        running=$((running - 1))
    fi
    build_one "$build" &
    running=$((running + 1))
done
wait
for build in "${builds[@]}"; do
    read -r cc tree lab <<<"$build"
    if [ "$(cat "$work/build-$cc-$tree-$lab.rc")" = 0 ]; then
        pass "$tree/$lab builds with $cc"
    else
        fail "$tree/$lab builds with $cc"
        tail -n 25 "$work/build-$cc-$tree-$lab.log" | sed 's/^/    /'
    fi
done

section "demos run (every demo is a listing in the book)"
for lab in "${labs[@]}"; do
    for demo in "$work/clang-solutions/$lab"/demo_*; do
        [ -x "$demo" ] || continue
        check "$lab/$(basename "$demo") runs" timeout -k 2 60 "$demo"
    done
done

section "every graded test passes on the reference solution"
# The gradings of make test share one compile of the reference and of the tests per lab and set
# of flags (GRADE_REFERENCE_CACHE: tools/grade/linkcheck.c; root's only). Only these gradings:
# the course check grades other copies of the project, whose tests differ.
reference_cache="$work/reference-cache"
GRADE_REFERENCE_CACHE=$reference_cache "$TOOLS/grade" --submission solutions --expect pass --out "$work/grade-solutions" >"$work/solutions.log" 2>&1
tally "$work/solutions.log"
if grep -q 'do not match project.yml' "$work/solutions.log"; then
    fail "tests and project.yml disagree:"
    grep -A 5 'do not match' "$work/solutions.log"
fi
[ "$tally_ok" -gt 0 ] || fail "no graded test ran on solutions/ (see $work/solutions.log)"
# Show why a reference test failed: its block in the grader's table.
[ "$tally_bad" -eq 0 ] || grep -B 1 -A 6 '  FAIL ' "$work/solutions.log" | head -n 60

section "every graded test fails on the stubs"
GRADE_REFERENCE_CACHE=$reference_cache "$TOOLS/grade" --submission "$work/labs" --expect fail --out "$work/grade-stubs" >"$work/stubs.log" 2>&1
tally "$work/stubs.log"
[ "$tally_ok" -gt 0 ] || fail "no graded test ran on the stubs (see $work/stubs.log)"
# A stub that does not compile fails every test too, for the wrong reason: the handout is broken.
if grep -q 'did not compile' "$work/stubs.log"; then
    fail "a stub does not build with gcc (-Wall -Wextra -Werror):"
    grep -A 12 'did not compile' "$work/stubs.log" | head -n 30
else
    pass "every stub builds with gcc (-Wall -Wextra -Werror), as its grading just did"
fi

section "results.json follows Gradescope's format; junit.xml is well-formed"
results="$work/grade-solutions/results.json"
check "results.json has score, max_score and tests[] with name, score, max_score, status, output" \
    jq -e '(.score | type == "number") and (.max_score | type == "number") and (.score == .max_score)
           and (.tests | length > 0)
           and all(.tests[]; (.name | type == "string") and (.score | type == "number")
                   and (.max_score | type == "number") and (.status == "passed" or .status == "failed")
                   and (.output | type == "string") and (.visibility == "visible"))' "$results"
check "junit.xml parses as XML" /usr/bin/python3 -c \
    'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$work/grade-solutions/junit.xml"

section "planted submissions lose exactly the tests they break"
# Each test/grader/planted/NAME.patch plants one bug in a copy of solutions/; NAME.expect lists
# the tests that must not pass (tools/check/graded-copies.sh says how); all others must pass.
# Two at a time: the cases are many, and the timing tests hold on a loaded 2-core machine. Each
# is graded on the suites its NAME.expect names, against prebuilt reference dependencies
# (ONLY_NAMED=1); `make planted` grades every test of every case.
GRADE_REFERENCE_CACHE=$reference_cache ONLY_NAMED=1 JOBS=2 tools/check/graded-copies.sh test/grader/planted solutions passed >"$work/planted.log" 2>&1
tally "$work/planted.log"

section "hostile and honest submissions score what their content earns, and harm nothing"
# Each test/grader/hostile/NAME starts from the stubs: a dishonest one must still score 0.
# They compile the tests in their sandboxes as real grading does (GRADE_TEST_OBJECTS=0): what a
# hostile include or a shadowing header could do there is what they prove.
GRADE_REFERENCE_CACHE=$reference_cache GRADE_TEST_OBJECTS=0 JOBS=2 tools/check/graded-copies.sh test/grader/hostile "$work/labs" not_passed >"$work/hostile.log" 2>&1
tally "$work/hostile.log"

if [ -x tools/book/check.sh ]; then
    section "the book"
    tools/book/check.sh >"$work/book.log" 2>&1 || [ "$(grep -c '^FAIL: ' "$work/book.log")" -gt 0 ] ||
        fail "tools/book/check.sh failed without saying which check (see $work/book.log)"
    tally "$work/book.log"
fi

section "the HTTP test server (test/lib/http_test_server*, lab 05's tests run against it)"
# Built with the labs' strict flags (and the sanitizers under SAN=1, which make exports).
hts_flags=(-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -g -O1 -Itest/lib)
[ "${SAN:-0}" = 1 ] && hts_flags+=("-fsanitize=address,undefined" -fno-sanitize-recover=all -fno-omit-frame-pointer)
for cc in gcc clang; do
    check "the HTTP test server and its self-test build with $cc" "$cc" "${hts_flags[@]}" \
        -o "$work/http_test_server-$cc" test/http_test_server/*.c test/lib/http_test_server*.c
    check "the HTTP test server passes its self-test (built with $cc)" timeout -k 2 60 "$work/http_test_server-$cc"
done

section "lab 05's client against servers nobody here wrote (http.server, aiohttp)"
tools/check/realservers.sh >"$work/realservers.log" 2>&1; tally "$work/realservers.log"

section "running a course: release, leaks, Classroom, Gradescope autograder, gradebook, make labs guard"
tools/check/course.sh >"$work/course.log" 2>&1; tally "$work/course.log"

section "what the grader writes for students: UTF-8 cut and cleaned, XML escaped, no outside paths"
tools/check/proof.sh >"$work/proof.log" 2>&1; tally "$work/proof.log"

section "the grader's sandbox at each level keeps honest code's score and leaves nothing behind"
tools/check/sandbox.sh >"$work/sandbox.log" 2>&1; tally "$work/sandbox.log"

section "the stubs' TODOs state the goal in three lines at most and name their hints in the chapter"
tools/check/todos.sh >"$work/todos.log" 2>&1; tally "$work/todos.log"

section "every student function has a planted mistake; the grader names an unfinished earlier lab"
tools/check/coverage.sh >"$work/coverage.log" 2>&1; tally "$work/coverage.log"
grep -E '^(    |skipped: )' "$work/coverage.log"
STUBS="$work/labs" tools/check/depprobe.sh >"$work/depprobe.log" 2>&1; tally "$work/depprobe.log"

section "lab 07's switch on aarch64 (run under qemu when installed), its ucontext fallback, its system calls"
tools/check/greenlets.sh >"$work/greenlets.log" 2>&1; tally "$work/greenlets.log"

section ""
echo "make test took $((SECONDS / 60)) min $((SECONDS % 60)) s"
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
