#!/usr/bin/env bash
# todos.sh: a stub's TODO asks for a result; the step-by-step help is in the chapter's hints.
# For every lab of project.yml (through tools/project), each `TODO(lab NN)` comment in
# solutions/<lab>/ (labs/ is generated from it):
#   - is at most three lines (the TODO line and the comment lines right after it);
#   - names its chapter section and its hints: `Chapter N, "Section title"; hints: #hints-name.`
#     with N the lab's number;
#   - and the lab's chapter has a `::: {.hints #hints-name for="..."}` block of two hints or
#     more (tools/book/filters/hints.lua), whose nearest heading above (level 2 or deeper) is
#     "Section title".
# And every .hints block of a lab's chapter is named by a TODO of that lab.
# Prints "ok: ..." / "FAIL: ..." lines; exits non-zero when a check failed.
# Run from the project root: tools/check/todos.sh (TOOLS as in the Makefile).
set -uo pipefail

TOOLS=${TOOLS:-${BUILD:-build}/tools}

failed=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failed=1; }

mk=$("$TOOLS/project" mk) || { fail "tools/project mk failed"; exit 1; }
read -ra dirs <<< "$(sed -n 's/^LAB_DIRS := //p' <<< "$mk")"
read -ra ids <<< "$(sed -n 's/^LAB_IDS := //p' <<< "$mk")"
# The lab chapters are the last ones `project chapters` lists, in the labs' order.
mapfile -t chapters < <("$TOOLS/project" chapters | tail -n "${#dirs[@]}")

# todos FILE...: one line per TODO: "file:line<TAB>lines<TAB>chapter<TAB>section<TAB>hints id"
# (the last three empty when the TODO names no hints).
todos() {
    awk -v OFS='\t' '
        function flush() {
            if (start == "") return
            if (match(text, /Chapter [0-9]+, "[^"]+"; hints: #hints-[a-z0-9-]+/)) {
                ref = substr(text, RSTART, RLENGTH)
                n = ref; sub(/^Chapter /, "", n); sub(/,.*/, "", n)
                section = ref; sub(/^[^"]*"/, "", section); sub(/".*/, "", section)
                id = ref; sub(/.*#/, "", id)
            } else { n = ""; section = ""; id = "" }
            print start, count, n, section, id
            start = ""
        }
        FNR == 1 { flush() }
        /^[ \t]*\/\/ TODO\(lab [0-9]+\)/ { flush(); start = FILENAME ":" FNR; count = 0; text = "" }
        start != "" && /^[ \t]*\/\// { count++; line = $0; sub(/^[ \t]*\/\/ ?/, "", line); text = text " " line; next }
        { flush() }
        END { flush() }
    ' "$@"
}

# hints CHAPTER: one line per .hints block: "id<TAB>nearest section heading<TAB>number of hints".
hints() {
    awk -v OFS='\t' '
        /^```/ { fence = !fence; next }
        fence { next }
        /^###?#?#?#? / { section = $0; sub(/^#+ /, "", section); sub(/ *\{[^}]*\} *$/, "", section) }
        /^::: *\{\.hints / { id = $0; sub(/.*#/, "", id); sub(/[ }].*/, "", id); items = 0; inside = 1; next }
        inside && /^[0-9]+\. / { items++ }
        inside && /^:::[ \t]*$/ { print id, section, items; inside = 0 }
    ' "$1"
}

for i in "${!dirs[@]}"; do
    lab=${dirs[$i]} number=$((10#${ids[$i]})) chapter=${chapters[$i]}
    mapfile -t sources < <(find "solutions/$lab" -name '*.[ch]' | sort)
    todo_list=$(todos "${sources[@]}")
    if [ -z "${first_lab:-}" ]; then first_lab=$lab first_todos=$todo_list; fi
    hint_list=$(hints "$chapter")
    lab_failed=0
    todo_count=0 todo_lines=0
    named=" "
    while IFS=$'\t' read -r where lines n section id; do
        [ -n "$where" ] || continue
        todo_count=$((todo_count + 1)) todo_lines=$((todo_lines + lines))
        if [ "$lines" -gt 3 ]; then
            fail "$where: the TODO has $lines lines (at most 3: what the function achieves, the invariant it keeps, where to read; move the steps into the chapter's hints)"
            lab_failed=1
        fi
        if [ -z "$id" ]; then
            fail "$where: the TODO names no hints; end it with: Chapter $number, \"Section title\"; hints: #hints-name."
            lab_failed=1
            continue
        fi
        named="$named$id "
        [ "$n" = "$number" ] || { fail "$where: the TODO points to chapter $n, but lab $lab's chapter is $number ($chapter)"; lab_failed=1; }
        found=$(awk -F'\t' -v id="$id" '$1 == id' <<< "$hint_list")
        if [ -z "$found" ]; then
            fail "$where: $chapter has no ::: {.hints #$id} block"
            lab_failed=1
            continue
        fi
        IFS=$'\t' read -r _ hint_section hint_count <<< "$found"
        if [ "$hint_section" != "$section" ]; then
            fail "$where: the TODO says section \"$section\", but #$id is under \"$hint_section\" in $chapter"
            lab_failed=1
        fi
        if [ "$hint_count" -lt 2 ]; then
            fail "$chapter: #$id holds $hint_count hint(s); give two or more, from a nudge to nearly the answer"
            lab_failed=1
        fi
    done <<< "$todo_list"
    while IFS=$'\t' read -r id _ _; do
        [ -n "$id" ] || continue
        case "$named" in *" $id "*) ;; *)
            fail "$chapter: #$id is named by no TODO of solutions/$lab"; lab_failed=1 ;;
        esac
    done <<< "$hint_list"
    if [ "$todo_count" -eq 0 ]; then
        fail "solutions/$lab has no TODO(lab NN) comment"
    elif [ "$lab_failed" -eq 0 ]; then
        ok "$lab: $todo_count TODOs ($todo_lines lines, at most 3 each) name their hints in $chapter"
    fi
done

# The check catches what it is for: in a copy of the first lab checked above, a TODO of four
# lines, a TODO naming hints that do not exist (which leaves its own hints without a TODO), and
# a TODO naming the wrong section must each fail with their own message.
if [ -z "${TODOS_PLANTED:-}" ] && [ -n "${first_lab:-}" ]; then
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    mkdir -p "$scratch/solutions" "$scratch/chapters"
    cp project.yml "$scratch/" && cp -r chapters/. "$scratch/chapters/" &&
        cp -r "solutions/$first_lab" "$scratch/solutions/"
    mapfile -t planted < <(awk -F'\t' 'NR <= 3 { print $1 }' <<< "$first_todos")
    plant() { # plant FILE:LINE SED-SCRIPT: edit one TODO of the copy
        sed -i "${1##*:}{$2}" "$scratch/${1%:*}"
    }
    plant "${planted[0]}" 's|^\([ \t]*\)// TODO(\(lab [0-9]*\)): |\1// TODO(\2): one line too many.\n\1// |'
    plant "${planted[1]}" 'n;n;s|#hints-[a-z0-9-]*|#hints-planted-nowhere|'
    plant "${planted[2]}" 'n;n;s|"[^"]*"|"No such section"|'
    tools_dir=$(realpath "$TOOLS") root=$PWD
    (cd "$scratch" && TODOS_PLANTED=1 TOOLS="$tools_dir" \
        "$root/tools/check/todos.sh") > "$scratch/out.txt" 2>&1
    expect() { # expect WHAT PATTERN: the planted run printed a FAIL line matching PATTERN
        if grep -q "^FAIL: .*$2" "$scratch/out.txt"; then
            ok "a planted $1 fails: $(grep "^FAIL: .*$2" "$scratch/out.txt" | head -n 1 | cut -c 7-110)..."
        else
            fail "a planted $1 was not caught; the check printed:"
            sed 's/^/    /' "$scratch/out.txt"
        fi
    }
    expect "TODO of four lines" "the TODO has 4 lines"
    expect "TODO naming missing hints" "no ::: {.hints #hints-planted-nowhere}"
    expect "hints block without its TODO" "is named by no TODO"
    expect "TODO naming the wrong section" "says section \"No such section\""
fi

exit "$failed"
