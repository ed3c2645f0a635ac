#!/usr/bin/env bash
# graded-copies.sh CASES BASE DEFAULT: grades one altered copy of a submission per case and checks
# that it scores exactly what its content earns, and that grading it harmed nothing.
#
#   CASES    a folder of cases: NAME.patch (applied with patch -p1 to a copy of BASE) or NAME.sh
#            (run as `bash NAME.sh COPY ROOT`, for what a patch cannot make: symbolic links,
#            odd file names), and NAME.expect beside it
#   BASE     what each copy starts from: solutions/ (planted mistakes) or a fresh labs/ (hostile
#            submissions, which start from the stubs)
#   DEFAULT  the outcome of every test NAME.expect does not name: passed, or not_passed
#
# NAME.expect: a first line "# what the case does"; then "LAB SUITE/TEST OUTCOME" lines, the
# first of which names the lab that is graded (SUITE/TEST may be *, OUTCOME may be not_passed, or
# any for a test the mistake fails only by chance, such as where in the second a sleep starts);
# and "# env: VAR=value" lines, set for the grader; and "# absent: TEXT" lines: TEXT must appear
# in neither results.json nor junit.xml (what a student must never be shown); and "# message:
# SUITE/TEST TEXT" lines: TEXT must appear in what that test tells the student (a message that
# stops teaching fails the build).
#
# Besides the outcomes, every case checks that every test NAME.expect names exists, that
# results.json is valid JSON and holds every test graded (the lab's, or under ONLY_NAMED the named
# suites': none may silently drop out), that junit.xml is
# well-formed, that the instructor's files (solutions/, test/, tools/, project.yml, Makefile) are
# byte for byte what they were, and that no process outlived the grading.
# Prints "ok: ..." or "FAIL: ..." per case, as tools/check/test.sh tallies them.
#
# ONLY_NAMED=1 (make test's planted cases) grades each case on the suites its NAME.expect names,
# not on all of its lab, and, when its patch changes the graded lab alone and it sets no SAN,
# against the reference's dependencies prebuilt once (GRADE_REFERENCE_LIBS, as a student release
# links them) instead of compiling them again for every case. The mistake must still be caught,
# with its message, where NAME.expect says; what it does to the other suites is `make planted`'s
# to check (every test of every case: three times as long).
set -uo pipefail

cases=${1:?CASES} base=${2:?BASE} default=${3:?DEFAULT}
: "${BUILD:?run me through make test}" "${TOOLS:?}"
# A BUILD that is not there would make $work a folder under / : refuse instead.
build_abs=$(cd "$BUILD" 2>/dev/null && pwd) || { echo "FAIL: BUILD=$BUILD is not a directory"; exit 1; }
work="$build_abs/test/$(basename "$cases")"
rm -rf "$work" && mkdir -p "$work"
# Every case is graded against the same solutions/ and tests (the instructor-file check below
# proves them unchanged): the grader compiles the reference's objects and the tests' once per lab
# and flags, here or where make test's other gradings keep theirs.
export GRADE_REFERENCE_CACHE="${GRADE_REFERENCE_CACHE:-$work/reference-cache}"
failed=0
only_named=${ONLY_NAMED:-0}
reference_libs=""
if [ "$only_named" = 1 ]; then
    read -ra all_labs <<<"${LAB_DIRS:-$(cd solutions && echo */ | tr -d /)}"
    if REFLIBS_FLAVOURS=plain tools/release/reflibs.sh "$work/reference-libs/ref" "${all_labs[@]}" \
        >"$work/reference-libs.log" 2>&1; then
        reference_libs="$work/reference-libs"
    else
        echo "FAIL: the reference's dependencies could not be prebuilt: every case compiles them ($work/reference-libs.log)"
        failed=1
    fi
fi

instructor_hash() {
    find solutions test tools project.yml Makefile -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum
}

# Processes that did not exist before and run the graded code (as the sandbox user the grader
# names in its log, or from the copy, named by its absolute path): what a detached or runaway
# child looks like afterwards. Other graders running at the same time (another checkout's make
# test) have other users and paths. Zombies are not running (where PID 1 does not reap, a killed
# test's workers stay as zombies).
processes() { ps -eo pid=,uid=,stat=,args= | sort -n; }
leftovers() {
    awk -v sub_dir="$3" -v uid="$4" 'NR == FNR { before[$1] = 1; next }
         !($1 in before) && $3 !~ /^Z/ && (($2 == uid && uid != "") || index($0, sub_dir "/")) {
             print "    left running: " $0 }' "$1" "$2"
}

# grade_case NAME.expect: makes, grades and judges one case; prints its "ok:" or "FAIL:" line.
grade_case() {
    local expect=$1 name sub made lab env hash_before problems wrong want got text test box_uid left line
    name=$(basename "$expect" .expect)
    sub="$work/$name"
    mkdir -p "$sub"
    cp -r "$base/." "$sub/"
    if [ -f "$cases/$name.patch" ]; then
        made=$(patch -s -p1 -d "$sub" <"$cases/$name.patch" 2>&1)
    elif [ -f "$cases/$name.sh" ]; then
        made=$(bash "$cases/$name.sh" "$sub" "$PWD" 2>&1)
    else
        made="neither $name.patch nor $name.sh is there"
        false
    fi || {
        echo "FAIL: $name: the case could not be made from $base: $made"
        return
    }
    lab=$(grep -v '^#' "$expect" | awk 'NF == 3 { print $1; exit }')
    mapfile -t env < <(sed -n 's/^# env: //p' "$expect")
    local args=() suites="" files
    if [ "$only_named" = 1 ]; then
        # "SUITE/TEST" or "*": a * anywhere means the whole lab.
        suites=$(grep -v '^#' "$expect" | awk -v lab="$lab" '$1 == lab && NF == 3 { split($2, p, "/"); print p[1] }' |
            sort -u | paste -sd, -)
        case ",$suites," in *",*,"*) suites="" ;; esac
        [ -z "$suites" ] || args+=(--suite "$suites")
        # The files the patch touches ("+++ b/05-http/x.c"): all in the graded lab's folder?
        files=$([ -f "$cases/$name.patch" ] && sed -n 's/^+++ [^/]*\/\([^/[:space:]]*\)\/.*/\1/p' "$cases/$name.patch" | sort -u)
        # Only the plain libraries are prebuilt: not for a case or a whole run under SAN=1 or
        # LAB04_FAST=1 (its objects differ).
        if [ -n "$reference_libs" ] && [ -n "$files" ] && ! grep -qv "^$lab-" <<<"$files" &&
            [ "${SAN:-0}" != 1 ] && [ "${LAB04_FAST:-0}" != 1 ] &&
            ! grep -qE '^(SAN|LAB04_FAST)=' < <(printf '%s\n' "${env[@]}"); then
            args+=(--ref-deps)
            env+=("GRADE_REFERENCE_LIBS=$reference_libs")
        fi
    fi
    hash_before=$(instructor_hash)
    processes >"$sub/ps-before"
    timeout -k 5 900 env "${env[@]}" "$TOOLS/grade" --submission "$sub" --lab "$lab" "${args[@]}" --out "$sub/grade" \
        >"$sub/grade.log" 2>&1
    processes >"$sub/ps-after"

    problems=()
    if ! jq -e '.tests | length > 0' "$sub/grade/results.json" >/dev/null 2>&1; then
        problems+=("    results.json is missing, not JSON, or lists no test (see $sub/grade.log)")
    else
        # "Lab NN <title>: suite/test": the title may hold ": " itself, so cut at the last one.
        jq -r '.tests[] | "\(.number | split(".")[0]) \(.name | sub("^.*: "; "")) \(.extra_data.outcome)"' \
            "$sub/grade/results.json" >"$sub/actual"
        mapfile -t wrong < <(awk -v default="$default" '
            NR == FNR { if ($0 !~ /^#/ && NF == 3) want[$1 " " $2] = $3; next }
            { key = $1 " " $2; any = $1 " *"
              expected = (key in want) ? want[key] : (any in want) ? want[any] : default
              ok = expected == "any" || (expected == "not_passed" ? $3 != "passed" : expected == $3)
              if (!ok) print "    " $2 ": expected " expected ", got " $3 }' "$expect" "$sub/actual")
        problems+=("${wrong[@]}")
        # Every test NAME.expect names must exist: a misspelt one would never be checked.
        while read -r named; do
            "$TOOLS/project" tests "$lab" | awk -v t="$named" '$1 == t { found = 1 } END { exit !found }' ||
                problems+=("    $name.expect names $named, which lab $lab does not have")
        done < <(grep -v '^#' "$expect" | awk -v lab="$lab" '$1 == lab && NF == 3 && $2 != "*" { print $2 }')
        want=$("$TOOLS/project" tests "$lab" | awk -v suites=",$suites," '
            { split($1, p, "/") } suites == ",," || index(suites, "," p[1] ",") { n++ } END { print n + 0 }')
        got=$(wc -l <"$sub/actual")
        [ "$got" -eq "$want" ] ||
            problems+=("    results.json lists $got tests of lab $lab${suites:+ (suites $suites)}, not $want")
    fi
    while IFS= read -r text; do
        if grep -qF -- "$text" "$sub/grade/results.json" "$sub/grade/junit.xml" 2>/dev/null; then
            problems+=("    the results show what they must not: $text")
        fi
    done < <(sed -n 's/^# absent: //p' "$expect")
    while read -r test text; do
        jq -e --arg test "$test" --arg text "$text" \
            'any(.tests[]; (.name | endswith(": " + $test)) and (.output | contains($text)))' \
            "$sub/grade/results.json" >/dev/null 2>&1 ||
            problems+=("    $test does not tell the student: $text")
    done < <(sed -n 's/^# message: //p' "$expect")
    /usr/bin/python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' \
        "$sub/grade/junit.xml" >/dev/null 2>&1 || problems+=("    junit.xml is missing or not well-formed")
    [ "$(instructor_hash)" = "$hash_before" ] ||
        problems+=("    the instructor's files changed while it was graded (git status shows which)")
    box_uid=$(sed -n 's/.*runs as uid \([0-9]*\).*/\1/p' "$sub/grade.log" | head -n 1)
    mapfile -t left < <(leftovers "$sub/ps-before" "$sub/ps-after" "$sub" "$box_uid")
    problems+=("${left[@]}")
    # Stop them, so that one case's runaway does not load the cases after it.
    # "    left running: PID UID STAT ARGS": the pid is the third field.
    for line in "${left[@]}"; do kill -9 "$(awk '{ print $3 }' <<<"$line")" 2>/dev/null; done

    if [ "${#problems[@]}" -eq 0 ]; then
        echo "ok: $name costs exactly what it should${suites:+ in $suites}: $(grep -v '^#' "$expect" | awk 'NF == 3 { printf "%s %s (%s) ", $1, $2, $3 }')"
    else
        echo "FAIL: $name: $(head -n 1 "$expect" | sed 's/^# //')"
        printf '%s\n' "${problems[@]}"
    fi
}

# JOBS cases are graded at once (default 1). Each has its own copy, sandbox user and output, so
# they do not see each other; two at once load a 2-core machine as the timing tests allow for
# (make soak grades beside two busy loops). Results are printed in the cases' order.
jobs=${JOBS:-1}
running=0
for expect in "$cases"/*.expect; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    grade_case "$expect" >"$work/$(basename "$expect" .expect).result" 2>&1 &
    running=$((running + 1))
done
wait
for expect in "$cases"/*.expect; do
    result="$work/$(basename "$expect" .expect).result"
    cat "$result"
    grep -q '^ok: ' "$result" || failed=$((failed + 1))
done
[ "$failed" -eq 0 ]
