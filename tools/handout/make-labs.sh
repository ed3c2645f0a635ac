#!/usr/bin/env bash
# Generates the student handout from solutions/: make-labs.sh STUBGEN OUTROOT LAB_DIR...
# C sources and headers go through STUBGEN (solution regions become stubs); every other file is
# copied as it is. OUTROOT/<lab> is replaced whole, so a file deleted from solutions/ goes too.
set -euo pipefail
stubgen=$1 outroot=$2
shift 2
status=0
for lab in "$@"; do
    [ -d "solutions/$lab" ] || { echo "make-labs: solutions/$lab does not exist" >&2; exit 1; }
    rm -rf "${outroot:?}/$lab"
    while IFS= read -r -d '' file; do
        rel=${file#solutions/}
        mkdir -p "$outroot/$(dirname "$rel")"
        case "$file" in
            *.c|*.h) "$stubgen" "$file" "$outroot/$rel" || status=1 ;;
            *) cp -p "$file" "$outroot/$rel" ;;
        esac
    done < <(find "solutions/$lab" -type f -print0 | sort -z)
done
exit $status
