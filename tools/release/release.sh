#!/usr/bin/env bash
# make release: the student release, without the solutions, in OUT (default build/release):
#   BUILD=build TOOLS=build/tools release.sh OUT LAB_DIR...
# OUT becomes its own git repository (push it as a GitHub template) and OUT.tar.gz its tarball.
# It holds labs/, the public tests (no hidden test, no planted submission), the grader, the
# reference dependencies as static libraries (ref/), the book prebuilt (BOOK=0 leaves it out),
# the Classroom workflow, a student README and VERSION. REFLIBS=dir reuses prebuilt libraries.
set -euo pipefail
: "${BUILD:?}" "${TOOLS:?}"
out=$1
shift
labs=("$@")
here=$(dirname "$0")

# A labs/ edited by hand would hand students something else than the stubs: refuse.
if ! "$here/../handout/labs-guard.sh" check labs; then
    echo "release: labs/ is not what solutions/ generates, so the release would hand out those edits;" \
        "regenerate it (make labs, FORCE=1 to drop the edits) or fix solutions/" >&2
    exit 1
fi
rm -rf "$out" "$out.tar.gz"
mkdir -p "$out/test" "$out/tools/grade" "$out/tools/project"


mkdir -p "$out/labs"
for lab in "${labs[@]}"; do
    cp -r "labs/$lab" "$out/labs/"
done

# Hidden tests: the files that define them stay out. A file may not mix hidden and public tests,
# or the public ones would go too (or the hidden ones would ship).
declare -A hidden_files=()
while read -r dir suite name _; do
    file=$(grep -lE "^Test\($suite, *$name\b" "test/$dir"/*.c || true)
    [ -n "$file" ] || { echo "release: no Test($suite, $name) in test/$dir" >&2; exit 1; }
    hidden_files[$file]=1
done < <("$TOOLS/project" hidden)
for file in "${!hidden_files[@]}"; do
    dir=$(basename "$(dirname "$file")")
    while read -r suite name; do
        if "$TOOLS/project" tests "$dir" | grep -q "^$suite/$name [0-9]* visible$"; then
            echo "release: $file holds the hidden test(s) and the visible test $suite/$name: put hidden tests in a file of their own" >&2
            exit 1
        fi
    done < <(sed -nE 's/^Test\(([a-z_0-9]+), *([a-z_0-9]+).*/\1 \2/p' "$file")
done
for lab in "${labs[@]}"; do
    mkdir -p "$out/test/$lab"
    for f in "test/$lab"/*; do
        [ -n "${hidden_files[$f]:-}" ] || cp "$f" "$out/test/$lab/"
    done
done
cp -r test/lib "$out/test/lib"

# The grader and what it reads.
cp tools/grade/*.c tools/grade/*.h "$out/tools/grade/"
cp tools/project/*.c tools/project/*.h "$out/tools/project/"
cp tools/install-deps.sh "$out/tools/"
cp tools/grade/lab.mk tools/grade/tools.mk "$out/tools/grade/"
grep -q '^lab-build:' "$out/tools/grade/lab.mk" || { echo "release: found no lab-build rules to ship" >&2; exit 1; }
cp "$here/student.mk" "$out/Makefile"
cp "$here/README.md" "$out/README.md"
"$TOOLS/project" public >"$out/project.yml"

# The reference dependencies, as objects.
if [ -n "${REFLIBS:-}" ]; then
    cp -r "$REFLIBS" "$out/ref"
else
    "$here/reflibs.sh" "$out/ref" "${labs[@]}"
fi

# The book, rendered now from the reference (its figures measured here).
if [ "${BOOK:-1}" = 1 ]; then
    make -s BUILD="$BUILD" html pdf
    mkdir -p "$out/book"
    cp -r "$BUILD/book.html" "$BUILD/book.pdf" "$BUILD/html" "$out/book/"
fi

mkdir -p "$out/.github/workflows"
"$here/../classroom/workflow.sh" >"$out/.github/workflows/classroom.yml"

version="$(date -u +%Y-%m-%d)-$(git rev-parse --short=10 HEAD 2>/dev/null || echo unknown)"
echo "$version" >"$out/VERSION"
printf 'build/\n' >"$out/.gitignore"

git -C "$out" init -q -b main
git -C "$out" add -A
git -C "$out" -c user.name="Async from Scratch" -c user.email="course@localhost" commit -q -m "Release $version"
tar -czf "$out.tar.gz" -C "$(dirname "$out")" --exclude=.git "$(basename "$out")"
echo "release: $out ($version), $out.tar.gz"
