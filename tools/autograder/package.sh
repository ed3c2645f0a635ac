#!/usr/bin/env bash
# make autograder: Gradescope's autograder zip from the student release:
#   TOOLS=build/tools package.sh RELEASE ZIP [LAB_ID]
# ZIP holds setup.sh, run_autograder, Dockerfile and course/: the release (without its git
# history, workflow and book) plus what it leaves out, the hidden tests and the full project.yml.
# LAB_ID (or LAB=) makes it grade one lab, for a Gradescope assignment per lab.
set -euo pipefail
: "${TOOLS:?}"
release=$1 zip=$2 lab=${3:-${LAB:-}}
here=$(dirname "$0")
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/course"
tar -C "$release" --exclude=.git --exclude=.github --exclude=book --exclude=build -cf - . | tar -C "$stage/course" -xf -
for dir in $("$TOOLS/project" mk | sed -n 's/^LAB_DIRS := *//p'); do
    cp "test/$dir"/* "$stage/course/test/$dir/"
done
cp "${PROJECT_YML:-project.yml}" "$stage/course/project.yml"
cp "$here/setup.sh" "$here/run_autograder" "$here/Dockerfile" "$stage/"
chmod +x "$stage/setup.sh" "$stage/run_autograder"
[ -z "$lab" ] || echo "$lab" >"$stage/LAB"
rm -f "$zip"
(cd "$stage" && zip -qr - .) >"$zip"
echo "autograder: $zip ($(du -h "$zip" | cut -f1))"
