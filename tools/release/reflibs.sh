#!/usr/bin/env bash
# The reference dependencies as prebuilt objects, for the student release:
#   reflibs.sh OUT LAB_DIR...
# For each lab, OUT/lib/lib<dir>.a (the labs' flags) and OUT/lib/lib<dir>-san.a (with
# AddressSanitizer and UBSan, for SAN=1), compiled from solutions/<dir> (its demos left out), and
# OUT/include/<dir>/ with its headers (the same as labs/<dir>'s: no header has a solution region).
# With REF_DEPS=1 the release links these instead of a student's own earlier labs.
# REFLIBS_FLAVOURS=plain builds only the first (make test's planted cases need no other).
set -euo pipefail
out=$1
shift
cc=${CC:-cc}
base=(-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -g -O1)
san=("-fsanitize=address,undefined" -fno-sanitize-recover=all -fno-omit-frame-pointer)
mkdir -p "$out/lib" "$out/include"
objs=$(mktemp -d)
trap 'rm -rf "$objs"' EXIT
for lab in "$@"; do
    mkdir -p "$out/include/$lab"
    cp solutions/"$lab"/*.h "$out/include/$lab/" 2>/dev/null || true
done
# -I every lab: header names are unique across labs, as the Makefile's lab-build relies on too.
incs=()
for lab in "$@"; do incs+=("-Isolutions/$lab"); done
for lab in "$@"; do
    for flavour in ${REFLIBS_FLAVOURS:-plain san}; do
        flags=("${base[@]}")
        [ "$flavour" = san ] && flags+=("${san[@]}")
        dir="$objs/$lab-$flavour"
        mkdir -p "$dir"
        srcs=()
        for c in solutions/"$lab"/*.c solutions/"$lab"/*.S; do
            [ -e "$c" ] || continue # a lab without assembly
            case "$(basename "$c")" in demo_*) ;; *) srcs+=("$c") ;; esac
        done
        # Two compilers at once: the machine (and Gradescope's) has few cores.
        printf '%s\n' "${srcs[@]}" | xargs -P 2 -I{} sh -c \
            'f={}; exec "$0" "$@" -c "$f" -o "'"$dir"'/$(basename "${f%.*}").o"' "$cc" "${flags[@]}" "${incs[@]}"
        suffix=""
        [ "$flavour" = plain ] || suffix=-san
        lib="$out/lib/lib$lab$suffix.a"
        rm -f "$lib"
        ar rcs "$lib" "$dir"/*.o
    done
done
