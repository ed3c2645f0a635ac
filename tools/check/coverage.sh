#!/usr/bin/env bash
# coverage.sh [PLANTED]: every function a student writes has at least one planted mistake.
#
# A student function is a function in solutions/ whose body holds a BEGIN SOLUTION marker (the
# stub generator, tools/handout/stubgen.c, replaces that region with its stub). A planted mistake
# (PLANTED/NAME.patch, default test/grader/planted) covers a function when a line it changes lies
# inside that function's body.
#
# Why the changed lines are found by locating each hunk, not by reading its @@ headers: a hunk's
# line numbers are those of the solution it was made against, and patch applies it at an offset
# once solutions/ has moved on, so the headers go stale without anyone noticing. Here each hunk's
# old text (context and removed lines) is found in today's file, as patch finds it (the place
# nearest the header's line), which gives the removed lines and the insertion points in today's
# numbering; those are matched against today's function bodies (a body runs from the "{" in
# column 0 after the function's header to the next "}" in column 0, the layout every file in
# solutions/ uses). A hunk found nowhere is reported: the patch no longer applies. (Applying
# each patch to a copy and diffing did the same with a dozen processes per patch: 10-30 s on a
# loaded machine, against well under one here.)
# Where no line can be located (a NAME.sh case, or a mistake planted in a helper the student
# function calls), NAME.expect may declare it instead: a line "# covers: FUNCTION".
#
# Prints "ok: ..." per lab whose functions are all covered, and "FAIL: ..." with each uncovered
# function as lab, file:line and name. Labs in SKIP_LABS are listed but not failed.
set -uo pipefail

planted=${1:-test/grader/planted}

# ---- SKIP_LABS: labs being rewritten elsewhere (#15, #16); empty this list once they land. ----
SKIP_LABS=""
# ------------------------------------------------------------------------------------------------

SKIP_LABS=$SKIP_LABS exec /usr/bin/python3 - "$planted" <<'PY'
import glob, os, re, sys

planted, skip = sys.argv[1], os.environ["SKIP_LABS"].split()
header = re.compile(r"^[A-Za-z_].*\(")
functions = []  # (lab, path, start, end, name, marker line)
for path in sorted(glob.glob("solutions/*/*.c") + glob.glob("solutions/*/*.h")):
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    name, start, mark = "", 0, 0
    for no, line in enumerate(lines, 1):
        if header.match(line) and not re.search(r"[;={]\s*$", line) and not line.startswith("typedef"):
            words = [w for w in re.split(r"[^A-Za-z0-9_]+", line.split("(")[0]) if w]
            name = words[-1] if words else name
        if line.startswith("{"):
            start, mark = no, 0
        if "BEGIN SOLUTION" in line and start and not mark:
            mark = no
        if line.startswith("}") and start:
            if mark:
                functions.append((path.split("/")[1], path, start, no, name, mark))
            start = 0

covered, status = {}, 0
def cover(path, line, inserted, case):
    for f in functions:
        if f[1] == path and f[2] <= line <= (f[3] - 1 if inserted else f[3]):
            covered.setdefault((f[1], f[4]), set()).add(case)

for patch in sorted(glob.glob(os.path.join(planted, "*.patch"))):
    case = os.path.basename(patch)[:-len(".patch")]
    path, text, hunks = None, None, []
    lines = open(patch, encoding="utf-8", errors="replace").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("+++ "):
            rel = line[4:].split("\t")[0]
            rel = rel[2:] if rel.startswith("b/") else rel
            path = "solutions/" + rel
            text = open(path).read().split("\n") if os.path.exists(path) else None
        elif line.startswith("@@ ") and path:
            old_start = int(re.match(r"@@ -(\d+)", line).group(1))
            body, i = [], i + 1
            while i < len(lines) and lines[i][:1] in (" ", "-", "+", "\\") and not lines[i].startswith("--- "):
                if not lines[i].startswith("\\"):
                    body.append(lines[i])
                i += 1
            # As patch does (its fuzz factor, 2 by default): if the whole old text is nowhere, drop
            # up to two context lines at each end (a TODO reworded next to the hunk, say).
            places, whole, whole_start = [], body, old_start
            for fuzz in range(3) if text is not None else ():
                # Each round trims the hunk as read, not the last round's trimmed copy.
                lead = min(fuzz, next((k for k, l in enumerate(whole) if l[:1] != " "), 0))
                tail = min(fuzz, next((k for k, l in enumerate(reversed(whole)) if l[:1] != " "), 0))
                body = whole[lead:len(whole) - tail]
                old_start = whole_start + lead
                old = [l[1:] for l in body if l[:1] in (" ", "-")]
                places = [p for p in range(len(text) - len(old) + 1) if text[p:p + len(old)] == old]
                if places:
                    break
            if not places:
                print(f"FAIL: {patch}: a hunk at line {old_start} of {path} is found nowhere in it: "
                      "the patch no longer applies to solutions/")
                status = 1
                continue
            at = min(places, key=lambda p: abs(p + 1 - old_start)) + 1  # 1-based line of old[0]
            seen = 0
            for l in body:
                if l[:1] == "-":
                    cover(path, at + seen, False, case)
                if l[:1] == "+":
                    cover(path, at + seen - 1, True, case)  # inserted after old line at + seen - 1
                else:
                    seen += 1
            continue
        i += 1

# "# covers: NAME" counts for the function of that name in the case's own lab (the lab of its
# first outcome line), so a common name (run, collect) covers nothing elsewhere.
declared = {}
for expect in glob.glob(os.path.join(planted, "*.expect")):
    text_lines = open(expect).read().split("\n")
    lab_id = next((l.split()[0] for l in text_lines if not l.startswith("#") and len(l.split()) == 3), "")
    for line in text_lines:
        m = re.match(r"# covers:\s*(\w+)", line)
        if m:
            declared.setdefault((lab_id, m.group(1)), set()).add(os.path.basename(expect)[:-len(".expect")])

for lab in sorted({f[0] for f in functions}):
    mine = [f for f in functions if f[0] == lab]
    missing = [f"    {f[1]}:{f[5]} {f[4]}" for f in mine
               if not covered.get((f[1], f[4])) and not declared.get((lab[:2], f[4]))]
    if not missing:
        print(f"ok: every student function of {lab} ({len(mine)}) has a planted mistake")
    elif lab in skip:
        print(f"skipped: {lab} (in SKIP_LABS) has {len(missing)} of {len(mine)} student functions without a "
              "planted mistake:")
        print("\n".join(missing))
    else:
        print(f"FAIL: {lab} has {len(missing)} of {len(mine)} student functions without a planted mistake in "
              f"{planted} (add NAME.patch + NAME.expect there):")
        print("\n".join(missing))
        status = 1
if os.environ.get("COVERAGE_VERBOSE") == "1":
    for f in functions:
        cases = sorted(covered.get((f[1], f[4]), set()) | declared.get(f[4], set()))
        print(f"    {f[1]}:{f[5]} {f[4]}: {' '.join(cases) or '-'}")
sys.exit(status)
PY
