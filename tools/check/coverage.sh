#!/usr/bin/env bash
# coverage.sh [PLANTED]: every function a student writes has at least one planted mistake.
#
# A student function is a function in solutions/ whose body holds a BEGIN SOLUTION marker (the
# stub generator, tools/handout/stubgen.c, replaces that region with its stub). A planted mistake
# (PLANTED/NAME.patch, default test/grader/planted) covers a function when a line it changes lies
# inside that function's body.
#
# Why the changed lines are found by applying the patch, not by reading its @@ headers: a hunk's
# line numbers are those of the solution it was made against, and patch applies it at an offset
# once solutions/ has moved on, so the headers go stale without anyone noticing. Here each patch
# is applied to a scratch copy of solutions/ and `diff -U0` against the real one gives the changed
# lines in today's numbering; those are matched against today's function bodies (a body runs
# from the "{" in column 0 after the function's header to the next "}" in column 0, the layout
# every file in solutions/ uses). A patch that no longer applies is reported, not skipped.
# Where no line can be located (a NAME.sh case, or a mistake planted in a helper the student
# function calls), NAME.expect may declare it instead: a line "# covers: FUNCTION".
#
# Prints "ok: ..." per lab whose functions are all covered, and "FAIL: ..." with each uncovered
# function as lab, file:line and name. Labs in SKIP_LABS are listed but not failed.
set -uo pipefail

planted=${1:-test/grader/planted}

# ---- SKIP_LABS: labs being rewritten elsewhere (#15, #16); empty this list once they land. ----
SKIP_LABS="04-gather 05-http"
# ------------------------------------------------------------------------------------------------

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# functions FILE: "START END NAME MARKLINE" for each function body that holds a solution marker.
functions() {
    awk '
        /^[A-Za-z_].*\(/ && !/[;={][[:space:]]*$/ && !/^typedef[[:space:]]/ {
            head = $0; sub(/\(.*/, "", head); n = split(head, w, /[^A-Za-z0-9_]+/)
            name = w[n]; while (name == "" && n > 1) name = w[--n]
        }
        /^\{/ { start = NR; mark = 0 }
        /BEGIN SOLUTION/ && start && !mark { mark = NR }
        /^\}/ && start { if (mark) print start, NR, name, mark; start = 0 }
    ' "$1"
}

# Every student function: "LAB FILE START END NAME MARKLINE".
for file in solutions/*/*.c solutions/*/*.h; do
    grep -q 'BEGIN SOLUTION' "$file" || continue
    lab=$(basename "$(dirname "$file")")
    functions "$file" | while read -r start end name mark; do
        echo "$lab $file $start $end $name $mark"
    done
done >"$work/functions"

# Every changed line of every patch, in today's numbering: "FILE LINE CASE".
status=0
for patchfile in "$planted"/*.patch; do
    [ -e "$patchfile" ] || continue
    name=$(basename "$patchfile" .patch)
    # Copy only the labs the patch touches: copying all of solutions/ per case costs seconds.
    rm -rf "$work/copy" "$work/orig" && mkdir -p "$work/copy" "$work/orig"
    for dir in $(sed -n 's|^+++ b/\([^/]*\)/.*|\1|p' "$patchfile" | sort -u); do
        [ -d "solutions/$dir" ] || continue
        cp -r "solutions/$dir" "$work/copy/" && ln -s "$PWD/solutions/$dir" "$work/orig/$dir"
    done
    if ! patch -s -p1 -d "$work/copy" <"$patchfile" >"$work/patch.log" 2>&1; then
        echo "FAIL: $patchfile no longer applies to solutions/: $(head -n 3 "$work/patch.log")"
        status=1
        continue
    fi
    # -U0 hunks: "@@ -A,B +C,D @@": B old lines from A changed; B = 0 means an insertion after A.
    (cd "$work" && diff -rU0 orig/ copy/) | awk -v case="$name" '
        /^--- orig\// { file = "solutions/" substr($2, 6); next }
        /^@@ / { split(substr($2, 2), old, ","); a = old[1]; b = (2 in old) ? old[2] : 1
                 if (b == 0) print file, a, case, "insert"
                 for (i = a; i < a + b; i++) print file, i, case, "change" }
    '
done >"$work/changes"
# Declared mappings: "# covers: FUNCTION" in NAME.expect.
for expect in "$planted"/*.expect; do
    [ -e "$expect" ] || continue
    sed -n "s/^# covers: *\([A-Za-z_0-9]*\).*/\1 $(basename "$expect" .expect)/p" "$expect"
done >"$work/declared"

# Attribute: a change at line L of FILE covers the function whose body [START, END] holds L (an
# insertion after line L counts when L is in [START, END - 1], inside the braces).
awk '
    FILENAME == ARGV[1] { f[++nf] = $0; next }
    FILENAME == ARGV[2] { declared[$1] = declared[$1] " " $2; next }
    { file = $1; line = $2
      for (i = 1; i <= nf; i++) {
          split(f[i], g, " ")
          hi = ($4 == "insert") ? g[4] - 1 : g[4]
          if (g[2] == file && line >= g[3] && line <= hi) covered[g[5] " " g[2]] = covered[g[5] " " g[2]] " " $3
      } }
    END {
      for (i = 1; i <= nf; i++) {
          split(f[i], g, " "); key = g[5] " " g[2]
          by = (key in covered) ? covered[key] : ""
          if (g[5] in declared) by = by declared[g[5]]
          print g[1], g[2] ":" g[6], g[5], (by == "" ? "-" : by)
      }
    }
' "$work/functions" "$work/declared" "$work/changes" >"$work/report"

for lab in $(cut -d' ' -f1 "$work/report" | sort -u); do
    total=$(awk -v lab="$lab" '$1 == lab' "$work/report" | wc -l)
    mapfile -t missing < <(awk -v lab="$lab" '$1 == lab && $4 == "-" { print "    " $2 " " $3 }' "$work/report")
    if [ "${#missing[@]}" -eq 0 ]; then
        echo "ok: every student function of $lab ($total) has a planted mistake"
    elif [[ " $SKIP_LABS " == *" $lab "* ]]; then
        echo "skipped: $lab (in SKIP_LABS) has ${#missing[@]} of $total student functions without a planted mistake:"
        printf '%s\n' "${missing[@]}"
    else
        echo "FAIL: $lab has ${#missing[@]} of $total student functions without a planted mistake in $planted (add NAME.patch + NAME.expect there):"
        printf '%s\n' "${missing[@]}"
        status=1
    fi
done
[ "${COVERAGE_VERBOSE:-0}" = 1 ] && sed 's/^/    /' "$work/report"
exit "$status"
