#!/usr/bin/env bash
# Keeps `make labs` from destroying work in labs/:
#   labs-guard.sh check LABS    exit 1, naming the files, when LABS differs both from what the
#                               last `make labs` wrote (recorded in LABS/.generated) and from what
#                               solutions/ generates now (then overwriting it loses nothing)
#   labs-guard.sh record LABS   record what `make labs` just wrote
# The comparison is with the last generation, not with what solutions/ would give now, so a
# maintainer who edits solutions/ can still regenerate. A symlinked LABS is refused: it may
# point at a student's working copy.
set -euo pipefail
what=$1 labs=$2
record="$labs/.generated"

hashes() { (cd "$1" && find . -path ./.generated -prune -o -type f -print0 | sort -z | xargs -0 -r sha256sum); }

if [ -L "$labs" ]; then
    echo "labs-guard: $labs is a symbolic link; make labs writes only into a real directory" >&2
    exit 1
fi
case "$what" in
record)
    sums=$(hashes "$labs")
    printf "%s\n" "$sums" >"$record"
    ;;
check)
    [ -d "$labs" ] || exit 0
    actual=$(hashes "$labs")
    [ -f "$record" ] && [ "$(cat "$record")" = "$actual" ] && exit 0
    # No record, or another branch changed labs/ without it: what the stub generator makes from
    # solutions/ today is safe to overwrite too (regenerating writes the very same files).
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    dirs=()
    for d in "$labs"/*/; do d=${d%/}; [ -d "solutions/${d##*/}" ] && dirs+=("${d##*/}"); done
    tools/handout/make-labs.sh "${STUBGEN:-build/tools/stubgen}" "$tmp" "${dirs[@]}" >/dev/null
    [ "$(hashes "$tmp")" = "$actual" ] && exit 0
    expected=$(cat "$record" 2>/dev/null || hashes "$tmp")
    changed=$( (diff <(echo "$expected") <(echo "$actual") || true) | sed -nE 's/^[<>] [0-9a-f]+  \.\/(.*)/\1/p' | sort -u)
    if [ -n "$changed" ]; then
        echo "labs-guard: these files in $labs changed since make labs generated them:" >&2
        echo "$changed" | sed 's/^/    /' >&2
        echo "labs-guard: make labs would overwrite them. Save them, or run: make labs FORCE=1" >&2
        exit 1
    fi
    ;;
*) echo "usage: labs-guard.sh check|record LABS" >&2; exit 2 ;;
esac
