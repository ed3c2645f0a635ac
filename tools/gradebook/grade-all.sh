#!/usr/bin/env bash
# make grade-all SUBMISSIONS=dir: grades a class with the autograder, one submission at a time:
#   grade-all.sh SUBMISSIONS OUT
# SUBMISSIONS holds one entry per student: a folder, a .zip or a .tar.gz / .tgz, named after the
# student. Each is unpacked into its own scratch copy and graded by the autograder package
# (AUTOGRADER, default build/autograder.zip: run `make autograder` first) exactly as Gradescope
# would, sandbox and time budget included. Writes OUT/<student>/results.json and grade.log, and
# OUT/gradebook.csv. Serial by default, since tests measure time; JOBS=N grades N at once.
# A student whose results.json is newer than the submission is not graded again: interrupt it
# and run it again, and it resumes.
set -euo pipefail
subs=${1:?usage: grade-all.sh SUBMISSIONS OUT} out=${2:?}
zip=${AUTOGRADER:-build/autograder.zip}
[ -d "$subs" ] || { echo "grade-all: SUBMISSIONS=$subs is not a directory" >&2; exit 2; }
[ -f "$zip" ] || { echo "grade-all: no $zip: run make autograder first" >&2; exit 2; }
mkdir -p "$out"
out=$(realpath "$out")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/gradebook.XXXXXX")
# Student code runs as root's sandbox user only when this runs as root (see README).
[ "$(id -u)" -eq 0 ] || echo "grade-all: warning: not root, so students' code runs as $(id -un) without a sandbox" >&2
trap 'rm -rf "$scratch"' EXIT

# The package, unpacked and its grader built once; every student gets a copy of it.
mkdir -p "$scratch/source"
unzip -q "$zip" -d "$scratch/source"
make -s -C "$scratch/source/course" build/tools/grade build/project.mk >/dev/null

student_of() { local b; b=$(basename "$1"); b=${b%.zip}; b=${b%.tar.gz}; b=${b%.tgz}; echo "$b"; }

grade_one() {
    local entry=$1 student root
    student=$(student_of "$entry")
    # Apart from the package (a student named "source" must not replace it), and a name that is
    # only a name (no "..", no slash).
    case $student in "" | . | .. | *[!A-Za-z0-9._@+-]*)
        echo "grade-all: skipped $entry: a student's name is letters, digits and . _ @ + -" >&2
        return ;;
    esac
    root="$scratch/students/$student"
    rm -rf "$root" && mkdir -p "$root/submission" "$out/$student"
    ln -s "$scratch/source" "$root/source"
    case "$entry" in
        *.zip) unzip -q "$entry" -d "$root/submission" || true ;;
        *.tar.gz|*.tgz) tar -xzf "$entry" -C "$root/submission" --no-same-owner || true ;;
        *) cp -r "$entry/." "$root/submission/" ;;
    esac
    AUTOGRADER_ROOT=$root "$scratch/source/run_autograder" >"$out/$student/grade.log" 2>&1 || true
    cp "$root/results/results.json" "$out/$student/results.json"
    rm -rf "$root"
}

entries=()
for entry in "$subs"/*; do
    student=$(student_of "$entry")
    if [ -s "$out/$student/results.json" ] && [ "$out/$student/results.json" -nt "$entry" ]; then
        continue # graded already: resume after an interruption
    fi
    entries+=("$entry")
done
total=$(find "$subs" -mindepth 1 -maxdepth 1 | wc -l)
echo "grade-all: $total submissions, $((total - ${#entries[@]})) graded already, ${#entries[@]} to grade"

jobs=${JOBS:-1}
if [ "$jobs" -gt 1 ]; then
    echo "grade-all: warning: JOBS=$jobs grades $jobs at once; the timing tests then share the CPUs and may fail" >&2
fi
start=$(date +%s) started=0
for entry in "${entries[@]}"; do
    grade_one "$entry" &
    started=$((started + 1))
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    # Finished: those started less those still running (all of them when serial).
    done=$((started - $(jobs -rp | wc -l)))
    [ "$done" -gt 0 ] || continue
    now=$(date +%s)
    eta=$(((now - start) * (${#entries[@]} - done) / done))
    filled=$((30 * done / ${#entries[@]}))
    printf '\r[%-30s] %d/%d  %s  ETA %dm%02ds ' "$(printf '%*s' "$filled" '' | tr ' ' '#')" "$done" \
        "${#entries[@]}" "$(student_of "$entry")" $((eta / 60)) $((eta % 60))
done
wait
[ ${#entries[@]} -eq 0 ] || printf '\r[%s] %d/%d  done in %ds\n' "$(printf '%30s' '' | tr ' ' '#')" "${#entries[@]}" \
    "${#entries[@]}" $(($(date +%s) - start))

# The gradebook: one row per student, each lab's score, the total, and how the tests ended.
ids=$(sed -n 's/^ *- id: *"\{0,1\}\([0-9]*\)"\{0,1\}/\1/p' "$scratch/source/course/project.yml")
{
    printf 'student'
    for id in $ids; do printf ',lab%s' "$id"; done
    printf ',total,max,passed,failed,crashed,timed_out,exited_early,not_built,refused\n'
    for dir in "$out"/*/; do
        [ -s "$dir/results.json" ] || continue
        jq -r --arg student "$(basename "$dir")" --arg ids "$ids" '
            . as $r | ($ids | split("\n") | map(select(length > 0))) as $labs
            | [$student]
              + ($labs | map(. as $id | [$r.tests[]? | select(.number | startswith($id + ".")) | .score] | add // 0))
              + [$r.score // 0, ([$r.tests[]?.max_score] | add // 0)]
              + (["passed", "failed", "crashed", "timed_out", "exited_early", "not_built", "refused"]
                 | map(. as $o | [$r.tests[]? | select(.extra_data.outcome == $o)] | length))
            | @csv' "$dir/results.json"
    done
} >"$out/gradebook.csv"
echo "grade-all: $out/gradebook.csv"
