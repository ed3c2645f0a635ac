#!/usr/bin/env bash
# Installs the Debian packages the project needs, and only those that are missing.
#   tools/install-deps.sh          build + test + book (what `make` and `make test` need)
#   tools/install-deps.sh core     compilers, Criterion, libyaml, jansson, jq, libhttp-parser (lab 05's oracle),
#                                  aiohttp (a server nobody here wrote, for tools/check/realservers.sh),
#                                  zip, unzip and python3-yaml (make test checks the course tools with them),
#                                  ccache (make test compiles each lab's dependencies once per compiler),
#                                  strace (lab 07: system calls per switch)
#   tools/install-deps.sh book     pandoc, XeLaTeX, fonts (DejaVu: -extra has the italics), gnuplot, poppler,
#                                  Chromium, epubcheck (with its Java runtime), aiohttp (a listing of chapter 5),
#                                  Python's greenlet (chapter 7's figure of what a switch costs)
#   tools/install-deps.sh grade    what make release, autograder and grade-all use: zip, unzip, python3-yaml, git
#   tools/install-deps.sh bench    the Python systems the benchmarks compare against, gnuplot for the plot,
#                                  nginx and wrk (lab 06's hello-world rps; no system nginx is left running:
#                                  the bench starts its own)
#   tools/install-deps.sh aarch64  the cross compiler and qemu-user that run lab 07's aarch64 switch
#                                  (make test-aarch64; about 270 MB, so no other group pulls it in)
# Debian 12 is the reference system. Run as root, or with sudo available.
set -euo pipefail

core=(make gcc clang pkg-config coreutils diffutils patch libcriterion-dev libyaml-dev libjansson-dev jq python3
      libhttp-parser-dev python3-aiohttp zip unzip python3-yaml ccache strace)
book=(pandoc texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
      lmodern fonts-dejavu-core fonts-dejavu-extra librsvg2-bin gnuplot-nox poppler-utils chromium python3
      python3-aiohttp default-jre-headless epubcheck python3-greenlet)
grade=(zip unzip python3 python3-yaml tar gzip git)
bench=(python3 python3-aiohttp python3-flask python3-fastapi uvicorn gnuplot-nox python3-greenlet nginx wrk
       util-linux)
aarch64=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(core book)

wanted=()
for group in "${groups[@]}"; do
    case "$group" in
        core)  wanted+=("${core[@]}") ;;
        book)  wanted+=("${book[@]}") ;;
        grade) wanted+=("${grade[@]}") ;;
        bench) wanted+=("${bench[@]}") ;;
        aarch64) wanted+=("${aarch64[@]}") ;;
        *) echo "install-deps: unknown group '$group' (core, grade, book, bench, aarch64)" >&2; exit 2 ;;
    esac
done

missing=()
for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null; then
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: this machine has no apt-get; install them by hand." >&2
    exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo=(sudo); else
        echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1
    fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Debian's nginx starts a system-wide server on port 80 when it is installed; the bench runs its own. A
# policy-rc.d that answers 101 ("action forbidden") keeps package scripts from starting services; one we
# add only for this install is removed after it.
policy=/usr/sbin/policy-rc.d
if [[ " ${missing[*]} " == *" nginx "* && ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    trap '"${sudo[@]}" rm -f "$policy"' EXIT
fi
# Refresh the package lists only when apt has never fetched them (a fresh machine or container).
if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    "${sudo[@]}" apt-get update -q -o DPkg::Lock::Timeout=600
fi
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"; then
    # Lists can be stale on a machine that was set up long ago: refresh once and retry.
    "${sudo[@]}" apt-get update -q -o DPkg::Lock::Timeout=600
    "${sudo[@]}" apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"
fi
# The package also enables its service, so that a machine with systemd would start nginx on port 80 at
# its next boot: nothing here wants that.
if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null; then
    "${sudo[@]}" systemctl disable nginx >/dev/null 2>&1 || true
fi
