#!/usr/bin/env bash
# Running a course (#13): the student release, its leak search, its own grading (stubs score 0,
# the reference full marks, REF_DEPS), the Classroom workflow, the Gradescope autograder on a
# flat, a nested (on one CPU) and a hostile submission, the class gradebook, and `make labs`'s
# guard. Lab 01 (the smallest) proves each point; expected counts come from the results.
#   BUILD=build TOOLS=build/tools tools/check/course.sh
# One release is built, from a copy of project.yml that hides lab 01's run_sequential suite, so
# the same release proves the hidden tests stay out of it and the autograder runs them.
set -uo pipefail
: "${BUILD:?}" "${TOOLS:?}"
work="$BUILD/test/course"
rm -rf "$work" && mkdir -p "$work"
work=$(realpath "$work")
failed=0
ok() { echo "ok: $*"; }
bad() { failed=1; echo "FAIL: $*"; [ -z "${2:-}" ] || sed 's/^/    /' <<<"$2"; }
# expect WHAT COMMAND...: a check that the command succeeds.
expect() { local what=$1 out; shift; if out=$("$@" 2>&1); then ok "$what"; else bad "$what" "$(tail -n 15 <<<"$out")"; fi; }
labs=$("$TOOLS/project" mk | sed -n 's/^LAB_DIRS := *//p')
export ASYNC_TIME_SCALE=${ASYNC_TIME_SCALE:-2} NO_COLOR=1

# ---- visibility in project.yml -------------------------------------------------------------
hidden_yml="$work/project-hidden.yml"
sed '/^      run_sequential:$/a\        visibility: hidden' project.yml >"$hidden_yml"
export PROJECT_YML=$hidden_yml
hidden=$("$TOOLS/project" hidden)
if [ "$(grep -c '^01-sequential run_sequential .* hidden$' <<<"$hidden")" -gt 0 ] &&
    ! "$TOOLS/project" public | grep -q run_sequential; then
    ok "project.yml: a suite marked hidden is listed by 'project hidden' and left out of 'project public'"
else
    bad "project.yml: visibility: hidden is not honoured" "$hidden"
fi
sed 's/^        never_goes_backwards: 1$/        never_goes_backwards: {points: 1, visibility: after_due_date}/' project.yml >"$work/per-test.yml"
if PROJECT_YML="$work/per-test.yml" "$TOOLS/project" tests 01 | grep -q '^clock/never_goes_backwards 1 after_due_date$' &&
    ! sed 's/after_due_date/secret/' "$work/per-test.yml" >"$work/bad.yml" ||
    ! PROJECT_YML="$work/bad.yml" "$TOOLS/project" tests 01 >/dev/null 2>&1; then
    ok "project.yml: a test may be {points, visibility}; an unknown visibility is refused"
else
    bad "project.yml: per-test visibility is not read, or a wrong one is accepted"
fi

# ---- the release -----------------------------------------------------------------------------
release="$work/release"
# The book ships when make test's book check has just rendered it (then it costs nothing here);
# rendering it only for this check would cost a minute.
book=0
make -s -q BUILD="$BUILD" "$BUILD/book.html" "$BUILD/book.pdf" "$BUILD/html/index.html" 2>/dev/null && book=1
# shellcheck disable=SC2086
expect "make release builds the student release (git repository and tarball$([ $book = 1 ] && echo ", the book included"))" \
    env BOOK=$book BUILD="$BUILD" TOOLS="$TOOLS" STUBGEN="$TOOLS/stubgen" tools/release/release.sh "$release" $labs
if [ $book = 1 ]; then
    if [ -s "$release/book/book.html" ] && [ -s "$release/book/book.pdf" ] && [ -s "$release/book/html/index.html" ]; then
        ok "the release ships the book prebuilt: book/book.html, book/html/, book/book.pdf (searched for leaks below)"
    else
        bad "the release lacks the prebuilt book" "$(ls "$release/book" 2>&1)"
    fi
else
    echo "note: the book was not rendered and up to date in $BUILD, so this release was made without it (BOOK=0)"
fi
expect "leaks.py finds no solution region's line in the release (its git history included)" \
    python3 tools/release/leaks.py "$release"
mkdir -p "$work/planted-leak" && cp solutions/01-sequential/sleep.c "$work/planted-leak/"
if python3 tools/release/leaks.py "$work/planted-leak" >"$work/leak.log" 2>&1; then
    bad "leaks.py misses a solution file planted in a release"
else
    ok "leaks.py catches a planted solution file ($(tail -n 1 "$work/leak.log"))"
fi
missing=()
for path in Makefile README.md VERSION project.yml .github/workflows/classroom.yml ../release.tar.gz; do
    [ -e "$release/$path" ] || missing+=("$path")
done
for lab in $labs; do
    for lib in "lib$lab.a" "lib$lab-san.a"; do [ -s "$release/ref/lib/$lib" ] || missing+=("ref/lib/$lib"); done
done
unwanted=$(cd "$release" && ls -d solutions test/grader test/stubgen test/bench test/01-sequential/test_sequential.c \
    labs/.generated 2>/dev/null)
if [ ${#missing[@]} -eq 0 ] && [ -z "$unwanted" ] && [ -z "$(git -C "$release" status --porcelain)" ]; then
    ok "the release has its Makefile, README, VERSION, workflow, tarball and both reference libraries per lab; no solutions/, planted submissions or hidden test source"
else
    bad "the release's contents" "missing: ${missing[*]}; should not be there: $unwanted"
fi
if grep -qiE 'solutions/|SRC=' "$release/README.md" || grep -qE '^labs[ :]' "$release/Makefile"; then
    bad "the student README mentions solutions, or the release has a labs target"
else
    ok "the release's README says nothing of solutions/ and its Makefile has no 'make labs'"
fi

# ---- the release grades itself, from a fresh copy --------------------------------------------
fresh="$work/fresh"
cp -r "$release" "$fresh"
unset PROJECT_YML
score() { jq -r '"\(.score) \(.max_score) \(.tests | length)"' "$1"; }
make -s -C "$fresh" lab-01 >"$work/stubs.log" 2>&1
read -r s m n < <(score "$fresh/build/lab-01/results.json")
public_n=$(PROJECT_YML=$release/project.yml "$TOOLS/project" tests 01 | wc -l)
if [ "$s" = 0 ] && [ "$n" = "$public_n" ] && [ "$n" -gt 0 ] && ! grep -q not_built "$fresh/build/lab-01/results.json"; then
    ok "release: make lab-01 scores 0/$m on the stubs ($n tests built and ran, all failed)"
else
    bad "release: make lab-01 on the stubs scored $s/$m over $n tests (expected 0 over $public_n, built)" "$(tail -n 5 "$work/stubs.log")"
fi
cp solutions/01-sequential/*.c "$fresh/labs/01-sequential/"
make -s -C "$fresh" lab-01 >"$work/ref.log" 2>&1
read -r s m n < <(score "$fresh/build/lab-01/results.json")
if [ "$s" = "$m" ] && [ "$m" -gt 0 ]; then ok "release: lab 01's reference files dropped in score full marks ($s/$m)"
else bad "release: lab 01's reference scores $s/$m" "$(grep FAIL "$work/ref.log" | head)"; fi
# REF_DEPS=1: the first and the last lab that depend on others (one dependency, and the longest
# chain: every library of ref/ linked in order) build against ref/ (plain; SAN=1 for one), and
# lab 02's reference on the reference lab 01 objects scores full marks. The labs in between link
# the same way; building each again would cost a minute of make test.
dependent=()
for lab in $labs; do
    [ -n "$(make -s -C "$fresh" -p BUILD_LAB="$lab" LAB_SRC=labs -n lab-build 2>/dev/null | sed -n "s/^DEPS_$lab := *//p")" ] &&
        dependent+=("$lab")
done
[ ${#dependent[@]} -gt 0 ] || bad "release: no lab depends on another: REF_DEPS=1 is not checked" ""
for lab in ${dependent[0]+"${dependent[0]}" "${dependent[-1]}"}; do
    expect "release: REF_DEPS=1 builds lab $lab's stubs against the reference objects" \
        make -s -C "$fresh" lab-build BUILD_LAB="$lab" LAB_SRC="$fresh/labs" LAB_DEPSRC="$fresh/solutions" LAB_OUT="$work/refdeps/$lab"
done
expect "release: REF_DEPS=1 SAN=1 builds lab 02 against the sanitizer reference objects" \
    make -s -C "$fresh" lab-build SAN=1 BUILD_LAB=02-tasks LAB_SRC="$fresh/labs" LAB_DEPSRC="$fresh/solutions" LAB_OUT="$work/refdeps-san"
git -C "$fresh" checkout -q labs/01-sequential
cp solutions/02-tasks/*.c "$fresh/labs/02-tasks/"
make -s -C "$fresh" lab-02 REF_DEPS=1 >"$work/refdeps.log" 2>&1
read -r s m n < <(score "$fresh/build/lab-02/results.json")
if [ "$s" = "$m" ] && [ "$m" -gt 0 ]; then ok "release: lab 02's reference on the stubs of lab 01 with REF_DEPS=1 scores full marks ($s/$m)"
else bad "release: REF_DEPS=1 lab 02 scores $s/$m" "$(grep -E 'FAIL|error' "$work/refdeps.log" | head)"; fi
expect "release: make book does not need solutions/" make -s -C "$fresh" book
# The grader's exit status and JUnit, on a lab 01 that does not compile.
git -C "$fresh" checkout -q labs && echo "not C" >>"$fresh/labs/01-sequential/clock.c"
make -s -C "$fresh" lab-01 >/dev/null 2>&1
status=$?
make -s -C "$fresh" grade LAB=01 MIN_SCORE=1 >/dev/null 2>&1
min_status=$?
junit="$fresh/build/lab-01/junit.xml"
errors=$(grep -c '<error type="not_built" message="' "$junit" 2>/dev/null)
first=$(grep -c '<error type="not_built" message="Lab 01 did not compile' "$junit" 2>/dev/null)
points=$(grep -c '<property name="max_points"' "$junit" 2>/dev/null)
if [ "$status" = 0 ] && [ "$min_status" != 0 ] && [ "$errors" -gt 0 ] && [ "$errors" = "$points" ] && [ "$first" -gt 0 ] &&
    python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$junit"; then
    ok "grader: exits 0 when grading ran, 1 under MIN_SCORE; JUnit marks a build failure <error> (first line as message) with points, $errors tests"
else
    bad "grader exit status or JUnit: status $status, with MIN_SCORE $min_status, $errors errors, $points with points"
fi

# ---- GitHub Classroom ------------------------------------------------------------------------
wf="$release/.github/workflows/classroom.yml"
if python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); assert d["jobs"]["grade"]["steps"]' "$wf" 2>"$work/wf.err"; then
    ok "classroom.yml is valid YAML with grading steps"
else
    bad "classroom.yml is not valid YAML" "$(cat "$work/wf.err")"
fi
mapfile -t commands < <(sed -n 's/^ *command: //p' "$wf")
wrong=""
for c in "${commands[@]}"; do
    suite=$(sed -n 's/.*SUITE=\([a-z_0-9]*\).*/\1/p' <<<"$c") id=$(sed -n 's/.*LAB=\([0-9]*\).*/\1/p' <<<"$c")
    PROJECT_YML=$release/project.yml "$TOOLS/project" tests "$id" 2>/dev/null | grep -q "^$suite/" || wrong+="$c"$'\n'
done
[ -z "$wrong" ] && [ ${#commands[@]} -gt 0 ] && ok "classroom.yml: its ${#commands[@]} commands name labs and suites the release has" ||
    bad "classroom.yml names what the release lacks" "$wrong"
c01=$(grep -m1 'LAB=01 ' <<<"$(printf '%s\n' "${commands[@]}")")
git -C "$fresh" checkout -q labs && cp solutions/01-sequential/*.c "$fresh/labs/01-sequential/"
if (cd "$fresh" && eval "$c01" >/dev/null 2>&1) && (cd "$release" && ! eval "$c01" >/dev/null 2>&1); then
    ok "classroom.yml: '$c01' passes on the reference and fails on the stubs"
else
    bad "classroom.yml: '$c01' does not tell the reference from the stubs"
fi

# ---- Gradescope ------------------------------------------------------------------------------
zip="$work/autograder.zip"
expect "make autograder packages the release with the hidden tests (a lab-01 package here)" \
    env TOOLS="$TOOLS" PROJECT_YML="$hidden_yml" tools/autograder/package.sh "$release" "$zip" 01
subs="$work/submissions"
mkdir -p "$subs/nested/async-from-scratch-main/labs" "$subs/flat" "$subs/hostile/labs/01-sequential"
cp -r solutions/01-sequential "$subs/nested/async-from-scratch-main/labs/"
echo "2000-01-01-old" >"$subs/nested/async-from-scratch-main/VERSION"
cp labs/01-sequential/*.c "$subs/flat/"
cp labs/01-sequential/*.[ch] "$subs/hostile/labs/01-sequential/"
ln -sf /etc/passwd "$subs/hostile/labs/01-sequential/sleep.c"
printf '#include <stdlib.h>\n#include "clock.h"\nint64_t clock_now_ns(void) { system("echo {} >$AUTOGRADER_ROOT/results/results.json"); abort(); }\n' \
    >"$subs/hostile/labs/01-sequential/clock.c"
echo '{"score": 1000}' >"$subs/hostile/results.json"
max_hidden=$(PROJECT_YML=$hidden_yml "$TOOLS/project" tests 01 | awk '{ s += $2 } END { print s }')
n_hidden=$(PROJECT_YML=$hidden_yml "$TOOLS/project" tests 01 | grep -c ' hidden$')
for kind in nested flat hostile; do
    root="$work/ag-$kind"
    mkdir -p "$root/source" && unzip -q "$zip" -d "$root/source" && cp -r "$subs/$kind" "$root/submission"
    make -s -C "$root/source/course" build/tools/grade build/project.mk >/dev/null 2>&1
    pin=()
    # Gradescope's default container may have one CPU: run_autograder must see it and stretch time.
    [ "$kind" = nested ] && pin=(env -u ASYNC_TIME_SCALE taskset -c 0)
    AUTOGRADER_ROOT=$root "${pin[@]}" "$root/source/run_autograder" >"$work/ag-$kind.log" 2>&1
    json="$root/results/results.json"
    valid=$(jq -r '(.score|type) == "number" and .output_format == "text"
        and .stdout_visibility == (if any(.tests[]; .visibility == "hidden") then "hidden" else "visible" end)
        and (.tests | length > 0) and all(.tests[]; .tags == ["01"] and (.visibility | type) == "string")' "$json" 2>&1)
    read -r s m n < <(score "$json" 2>/dev/null || echo "? ? ?")
    hid=$(jq '[.tests[] | select(.visibility == "hidden")] | length' "$json" 2>/dev/null)
    case $kind in
        nested) want=$([ "$s" = "$m" ] && [ "$m" = "$max_hidden" ] && grep -q 'Graded on 1 CPU(s), ASYNC_TIME_SCALE=2' "$json" &&
                    grep -q 'Warning: your repository comes from the release 2000' "$json" && echo yes)
                what="nested reference on one CPU (taskset -c 0, ASYNC_TIME_SCALE=2 detected): $s/$m, its $hid hidden tests ran and are marked hidden, older VERSION warned" ;;
        flat) want=$([ "$s" = 0 ] && [ "$m" = "$max_hidden" ] && grep -q '3 of its files found by name\|files found by name' "$json" && echo yes)
              what="flat upload of the stubs: $s/$m, its files found by name" ;;
        hostile) want=$([ "$s" = 0 ] && [ "$m" = "$max_hidden" ] && echo yes)
                 what="hostile submission (symlink to /etc/passwd, code that overwrites results.json, a forged results.json): $s/$m" ;;
    esac
    if [ "$valid" = true ] && [ "$want" = yes ] && [ "$hid" = "$n_hidden" ]; then ok "run_autograder: $what"
    else bad "run_autograder: $kind: valid=$valid score $s/$m (max $max_hidden), hidden $hid of $n_hidden" "$(head -c 1500 "$json")"; fi
    [ -d "$root/submission" ] && rm -rf "$root"
done

# ---- the gradebook ---------------------------------------------------------------------------
class="$work/class"
mkdir -p "$class"
cp -r "$subs/nested" "$class/alice"
(cd "$subs/flat" && zip -qr "$class/bob.zip" .)
tar -czf "$class/eve.tar.gz" -C "$subs" hostile
AUTOGRADER=$zip tools/gradebook/grade-all.sh "$class" "$work/gradebook" >"$work/gradebook.log" 2>&1
csv="$work/gradebook/gradebook.csv"
rows=$(tail -n +2 "$csv" 2>/dev/null | wc -l)
alice=$(grep '^"alice"' "$csv" 2>/dev/null | cut -d, -f2)
AUTOGRADER=$zip tools/gradebook/grade-all.sh "$class" "$work/gradebook" >"$work/gradebook2.log" 2>&1
if [ "$rows" = 3 ] && [ "$alice" = "$max_hidden" ] && grep -q 'ETA' "$work/gradebook.log" &&
    grep -q ', 0 to grade' "$work/gradebook2.log" && [ -s "$work/gradebook/eve/results.json" ]; then
    ok "grade-all: a folder, a zip and a tarball -> gradebook.csv (3 rows, the reference $alice/$max_hidden), progress with ETA, a second run grades none again"
else
    bad "grade-all" "$(cat "$csv" "$work/gradebook.log" 2>&1 | tail -n 8)"
fi

# ---- make labs never destroys work -----------------------------------------------------------
copy="$work/labs-copy"
cp -r labs "$copy"
tools/handout/labs-guard.sh record "$copy"
echo "// my work" >>"$copy/01-sequential/sleep.c"
if ! tools/handout/labs-guard.sh check "$copy" 2>"$work/guard.err" && grep -q '01-sequential/sleep.c' "$work/guard.err" &&
    grep -q 'FORCE=1' "$work/guard.err" && tools/handout/labs-guard.sh check labs 2>/dev/null; then
    ok "make labs refuses a labs/ edited since it was generated (names the file, says FORCE=1) and accepts the committed one"
else
    bad "labs-guard does not protect an edited labs/" "$(cat "$work/guard.err")"
fi
ln -s "$copy" "$work/labs-link"
if ! tools/handout/labs-guard.sh check "$work/labs-link" 2>/dev/null; then ok "make labs refuses a symlinked labs/"
else bad "labs-guard accepts a symlinked labs/"; fi

exit $failed
