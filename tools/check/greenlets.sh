#!/usr/bin/env bash
# greenlets.sh: lab 07's switch on what `make test` does not otherwise build. The aarch64
# assembly and first frame are compiled with clang for an aarch64 target (clang cross-compiles
# without a cross toolchain; nothing is linked or run: no arm64 C library or qemu here). The
# ucontext fallback (-DGREENLET_UCONTEXT) is built and its demo must print what the assembly
# one prints. Prints "ok: ..." / "FAIL: ..." lines, as tools/check/test.sh tallies them.
set -uo pipefail
: "${BUILD:?run me through make test}"
lab=solutions/07-greenlets
work="$BUILD/test/greenlets"
rm -rf "$work" && mkdir -p "$work"
flags=(-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O1)

if clang --target=aarch64-linux-gnu -c -x assembler-with-cpp /dev/null -o "$work/probe.o" 2>/dev/null; then
    if clang --target=aarch64-linux-gnu "${flags[@]}" -c "$lab/greenlet_swap.S" -o "$work/swap-a64.o" &&
        clang --target=aarch64-linux-gnu -ffreestanding "${flags[@]}" -c "$lab/greenlet_context.c" \
            -o "$work/context-a64.o" &&
        nm "$work/swap-a64.o" | grep -q ' T greenlet_swap$'; then
        echo "ok: lab 07's aarch64 switch and first frame compile (clang --target=aarch64-linux-gnu)"
    else
        echo "FAIL: lab 07's aarch64 switch does not compile for aarch64 (see above)"
    fi
else
    echo "ok: lab 07's aarch64 switch not compiled: this clang has no aarch64 target"
fi

demo=(-iquote "$lab" "$lab"/greenlet*.c "$lab/greenlet_swap.S" "$lab/demo_greenlets.c")
if gcc "${flags[@]}" -o "$work/demo-asm" "${demo[@]}" &&
    gcc "${flags[@]}" -DGREENLET_UCONTEXT -o "$work/demo-ucontext" "${demo[@]}" &&
    "$work/demo-asm" >"$work/asm.out" && "$work/demo-ucontext" >"$work/ucontext.out" &&
    cmp -s "$work/asm.out" "$work/ucontext.out"; then
    echo "ok: lab 07's ucontext fallback runs demo_greenlets as the assembly switch does"
else
    echo "FAIL: lab 07's ucontext fallback (-DGREENLET_UCONTEXT) does not build or prints otherwise"
fi
