#!/usr/bin/env bash
# greenlets.sh: lab 07's switch on what `make test` does not otherwise build or count.
#  - aarch64: test/cross/greenlet_check.c (the switch's checks, without Criterion) is built
#    statically with Debian's cross compiler and run under qemu-user, when both are installed
#    (`make test-aarch64` installs them: tools/install-deps.sh aarch64, about 270 MB). Without
#    them the aarch64 assembly is only compiled, with clang --target (nothing linked or run).
#  - the ucontext fallback (-DGREENLET_UCONTEXT) is built and its demo must print what the
#    assembly one prints.
#  - system calls per switch (test/cross/switch_count.c under strace -c, two runs whose switch
#    counts differ by 2000): none with the assembly switch, one each with swapcontext.
# Prints "ok: ..." / "FAIL: ..." lines, as tools/check/test.sh tallies them. AARCH64=required
# (make test-aarch64) makes a missing cross compiler or qemu a failure.
set -uo pipefail
: "${BUILD:?run me through make test}"
lab=solutions/07-greenlets
work="$BUILD/test/greenlets"
rm -rf "$work" && mkdir -p "$work"
flags=(-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O1)
core=("$lab"/greenlet*.c "$lab/greenlet_swap.S")

if command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-aarch64 >/dev/null; then
    if aarch64-linux-gnu-gcc -static "${flags[@]}" -iquote "$lab" -o "$work/check-a64" \
        test/cross/greenlet_check.c "${core[@]}" -lm; then
        qemu-aarch64 "$work/check-a64" >"$work/check-a64.out" 2>&1
        status=$?
        sed 's/^\(ok\|FAIL\): /&aarch64 under qemu: /' "$work/check-a64.out"
        [ $status -eq 0 ] || grep -q '^FAIL' "$work/check-a64.out" ||
            echo "FAIL: aarch64 under qemu: greenlet_check ended with status $status"
    else
        echo "FAIL: lab 07's greenlet_check does not build with aarch64-linux-gnu-gcc (see above)"
    fi
elif [ "${AARCH64:-}" = required ]; then
    echo "FAIL: aarch64-linux-gnu-gcc or qemu-aarch64 is missing (tools/install-deps.sh aarch64)"
elif clang --target=aarch64-linux-gnu -c -x assembler-with-cpp /dev/null -o "$work/probe.o" 2>/dev/null; then
    if clang --target=aarch64-linux-gnu "${flags[@]}" -c "$lab/greenlet_swap.S" -o "$work/swap-a64.o" &&
        clang --target=aarch64-linux-gnu -ffreestanding "${flags[@]}" -c "$lab/greenlet_context.c" \
            -o "$work/context-a64.o" &&
        nm "$work/swap-a64.o" | grep -q ' T greenlet_swap$'; then
        echo "ok: lab 07's aarch64 switch compiles (clang --target); make test-aarch64 runs it under qemu"
    else
        echo "FAIL: lab 07's aarch64 switch does not compile for aarch64 (see above)"
    fi
else
    echo "ok: lab 07's aarch64 switch not compiled: this clang has no aarch64 target"
fi
[ "${AARCH64:-}" = required ] && exit 0

demo=(-iquote "$lab" "${core[@]}" "$lab/demo_greenlets.c")
if gcc "${flags[@]}" -o "$work/demo-asm" "${demo[@]}" &&
    gcc "${flags[@]}" -DGREENLET_UCONTEXT -o "$work/demo-ucontext" "${demo[@]}" &&
    "$work/demo-asm" >"$work/asm.out" && "$work/demo-ucontext" >"$work/ucontext.out" &&
    cmp -s "$work/asm.out" "$work/ucontext.out"; then
    echo "ok: lab 07's ucontext fallback runs demo_greenlets as the assembly switch does"
else
    echo "FAIL: lab 07's ucontext fallback (-DGREENLET_UCONTEXT) does not build or prints otherwise"
fi

# The system calls of `switch_count N` (N round trips: 2N switches), from strace -c's total.
calls() {
    strace -f -c -o "$work/strace.txt" "$@" >/dev/null 2>&1 &&
        awk '$NF == "total" { print $4 }' "$work/strace.txt"
}
if ! command -v strace >/dev/null; then
    echo "ok: lab 07's system calls per switch not counted: no strace (tools/install-deps.sh core)"
elif gcc "${flags[@]}" -iquote "$lab" -o "$work/count-asm" test/cross/switch_count.c "${core[@]}" &&
    gcc "${flags[@]}" -DGREENLET_UCONTEXT -iquote "$lab" -o "$work/count-ucontext" \
        test/cross/switch_count.c "${core[@]}"; then
    asm1=$(calls "$work/count-asm" 1000) asm2=$(calls "$work/count-asm" 2000)
    uc1=$(calls "$work/count-ucontext" 1000) uc2=$(calls "$work/count-ucontext" 2000)
    if [ -z "$asm1" ] || [ -z "$asm2" ] || [ -z "$uc1" ] || [ -z "$uc2" ]; then
        echo "ok: lab 07's system calls per switch not counted: strace cannot trace here"
    elif [ $((asm2 - asm1)) -eq 0 ] && [ $((uc2 - uc1)) -eq 2000 ]; then
        echo "ok: 2000 more switches cost 0 more system calls with the assembly switch, 2000 with swapcontext"
    else
        echo "FAIL: 2000 more switches cost $((asm2 - asm1)) more system calls with the assembly switch" \
            "(expected 0) and $((uc2 - uc1)) with swapcontext (expected 2000, its rt_sigprocmask)"
    fi
else
    echo "FAIL: test/cross/switch_count.c does not build"
fi
