#!/usr/bin/env bash
# depprobe.sh: the grader names an unfinished lab that the graded lab builds on, once, and only
# when it is unfinished. Submissions made here: lab 01 as handed out (stubs) under lab 02's
# reference (the note is due), and the reverse (lab 01 finished: the probe must find it so, and
# say nothing). With REF_DEPS=1 the grader does not probe at all (tools/grade/grade.c). One suite of lab 02 each (task_run, whose tests read lab 01's
# clock), so the check costs seconds, not the minutes a whole lab on stubbed sleeps would.
# Prints "ok: ..." / "FAIL: ..." lines, as tools/check/test.sh tallies them.
set -uo pipefail

: "${BUILD:?run me through make test}" "${TOOLS:?}"
work="$(mkdir -p "$BUILD" && cd "$BUILD" && pwd)/test/depprobe"
rm -rf "$work" && mkdir -p "$work"
failed=0
note="lab 01 is unfinished; its tests fail too - finish it first, or grade this lab against the reference with REF_DEPS=1"

# grade NAME LAB01_FROM LAB02_FROM [GRADER OPTIONS]: grades task_run on that submission.
grade() {
    local name=$1 from01=$2 from02=$3
    shift 3
    mkdir -p "$work/$name"
    cp -r "$from01/01-sequential" "$from02/02-tasks" "$work/$name/"
    # A student's own lab 01 differs from the reference: the probe must run, not be skipped.
    echo "// written by the student" >>"$work/$name/01-sequential/clock.c"
    "$TOOLS/grade" --submission "$work/$name" --lab 02 --suite task_run --out "$work/$name/grade" "$@" \
        >"$work/$name/grade.log" 2>&1
}
# says NAME COUNT WHERE: how many times the note is in the table, results.json and junit.xml.
count() {
    local d=$work/$1/grade
    echo "$(grep -cF "note: $note" "$work/$1/grade.log") $(jq -r '.tests[].output' "$d/results.json" |
        grep -cF "$note") $(grep -oF "$note" "$d/junit.xml" | wc -l)"
}
check() {
    local what=$1 got=$2 want=$3
    if [ "$got" = "$want" ]; then
        echo "ok: $what"
    else
        failed=$((failed + 1))
        echo "FAIL: $what: the note is in the table, results.json and junit.xml \"$got\" times, not \"$want\""
        echo "    (see $work for the grader's log and results)"
    fi
}

# The handout's lab 01 (stubs) is labs/; a fresh one, as make test regenerates it, if given.
stubs=${STUBS:-labs}
grade stub01 "$stubs" solutions
# Once in the table; once in results.json (the first failure's output); junit.xml shows it in the
# first failure's message attribute and its text.
check "lab 02 on an unfinished lab 01 says so once, naming REF_DEPS=1" "$(count stub01)" "1 1 2"
grade stub02 solutions "$stubs"
check "lab 02's own stubs on a finished lab 01: no note" "$(count stub02)" "0 0 0"
[ "$failed" -eq 0 ]
