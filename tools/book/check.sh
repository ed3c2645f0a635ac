#!/usr/bin/env bash
# check-book.sh: what `make test` checks about the book. One line per check, "ok: ..." or
# "FAIL: ...", and a non-zero exit status when any check failed.
#   - the book renders: build/book.html, build/html/ (every link between pages resolves), build/book.pdf
#   - a planted broken include, missing file, broken link, missing image or solution listing makes
#     the build fail with a message naming the chapter and the include, link or image
#   - pdftotext finds every chapter title in the PDF
#   - headless Chromium loads build/book.html and saves a screenshot (build/book-screenshot.png)
#   - every Python listing (solutions/*/*.py, chapters/figures/*.py) runs, with small arguments
# Run from the project root: tools/book/check.sh (BUILD and TOOLS as in the Makefile).
set -uo pipefail

BUILD=${BUILD:-build}
TOOLS=${TOOLS:-$BUILD/tools}
MAKE=${MAKE:-make}
PYTHON=/usr/bin/python3
scratch=$BUILD/check-book
rm -rf "$scratch" && mkdir -p "$scratch"

failed=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failed=1; }
seconds_since() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))" | awk '{ printf "%.1f", $1 / 1000 }'; }

# ---- the book renders --------------------------------------------------------------------------

# Render from scratch so the times are those of a fresh clone (figures included).
rm -rf "$BUILD/book" "$BUILD/book.html" "$BUILD/html" "$BUILD/book.pdf"
for target in html pdf; do
    start=$(date +%s%N)
    if $MAKE -s "BUILD=$BUILD" "$target" > "$scratch/make-$target.log" 2>&1; then
        ok "make $target renders the book in $(seconds_since "$start") s"
    else
        fail "make $target failed (last lines below; full log in $scratch/make-$target.log)"
        tail -n 15 "$scratch/make-$target.log" | sed 's/^/    /'
    fi
done

for out in "$BUILD/book.html" "$BUILD/html/index.html" "$BUILD/book.pdf"; do
    if [ -s "$out" ]; then ok "$out exists"; else fail "$out is missing or empty"; fi
done

if [ -d "$BUILD/html" ]; then
    broken=$(cd "$BUILD/html" && grep -ho 'href="[^"#:]*\.html' ./*.html | sed 's/^href="//' | sort -u |
        while read -r page; do [ -f "$page" ] || echo "$page"; done)
    pages=$(find "$BUILD/html" -name '*.html' | wc -l)
    if [ -z "$broken" ] && [ "$pages" -gt 2 ]; then
        ok "build/html/ has $pages pages and every link between them resolves"
    else
        fail "build/html/ ($pages pages): links to missing pages: ${broken:-none}"
    fi
fi

if [ -s "$BUILD/book.pdf" ]; then
    page_count=$(pdfinfo "$BUILD/book.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    ok "build/book.pdf has ${page_count:-?} pages"
fi

# ---- a broken include or link fails the build, naming the chapter -------------------------------

chapters=$("$TOOLS/project" chapters)
first_lab_chapter=$(echo "$chapters" | tail -n 1)

plant() { # plant WHAT TEXT NEEDLE: a copy of a chapter with TEXT appended must fail, naming it and NEEDLE
    local what=$1 text=$2 needle=$3
    local slug=${what// /-}
    local planted=$scratch/planted-$slug.md
    { cat "$first_lab_chapter"; printf '\n%s\n' "$text"; } > "$planted"
    # shellcheck disable=SC2001 # one substitution per line of the list
    local list
    list=$(echo "$chapters" | sed "s|^$first_lab_chapter\$|$planted|" | tr '\n' ' ')
    if CHAPTERS="$list" BOOK_OUT="$scratch/out-$slug" BUILD="$BUILD" TOOLS="$TOOLS" tools/book/book.sh html \
        > "$scratch/planted-$slug.log" 2>&1; then
        fail "a chapter with a $what still renders ($planted)"
    elif grep -qF "$planted" "$scratch/planted-$slug.log" && grep -qF "$needle" "$scratch/planted-$slug.log"; then
        ok "a $what fails the build: $(grep -F "$planted" "$scratch/planted-$slug.log" | head -n 1 | sed 's/^ *//')"
    else
        fail "a $what failed the build without naming $planted and $needle:"
        sed 's/^/    /' "$scratch/planted-$slug.log"
    fi
}
plant "broken include" '```{.c include="labs/01-sequential/sleep.c" region="no_such_region"}
```' 'include "labs/01-sequential/sleep.c" region "no_such_region"'
plant "missing include file" '```{.c include="labs/01-sequential/no_such_file.c"}
```' 'include "labs/01-sequential/no_such_file.c"'
plant "broken link" 'See [nothing](#no-such-section).' '#no-such-section'
plant "missing image" '![Nothing.](figures/no_such_figure.svg)' 'figures/no_such_figure.svg'
plant "solution listing" '```{.c include="solutions/01-sequential/sleep.c" region="sleep_ms"}
```' 'holds a solution'

# ---- pdftotext finds every chapter title -------------------------------------------------------

if [ -s "$BUILD/book.pdf" ]; then
    pdftotext "$BUILD/book.pdf" - | tr -s ' \n' '  ' > "$scratch/book.txt"
    # The level-1 headers of a chapter, as pandoc reads them.
    cat > "$scratch/titles.lua" <<'LUA'
function Pandoc(doc)
  for _, b in ipairs(doc.blocks) do
    if b.t == "Header" and b.level == 1 then io.stdout:write(pandoc.utils.stringify(b.content) .. "\n") end
  end
  return pandoc.Pandoc({})
end
LUA
    for chapter in book.md $chapters; do
        pandoc -f markdown --lua-filter "$scratch/titles.lua" -t plain -o /dev/null "$chapter" |
        while IFS= read -r title; do
            if grep -qF "$title" "$scratch/book.txt"; then
                echo "ok: the PDF has the title \"$title\" ($chapter)"
            else
                echo "FAIL: the PDF lacks the title \"$title\" ($chapter)"
            fi
        done
    done > "$scratch/titles.txt"
    cat "$scratch/titles.txt"
    grep -q '^FAIL' "$scratch/titles.txt" && failed=1
fi

# ---- headless Chromium loads the HTML ----------------------------------------------------------

shot=$BUILD/book-screenshot.png
rm -f "$shot"
if ! command -v chromium > /dev/null; then
    fail "chromium is not installed (tools/install-deps.sh book)"
elif [ -s "$BUILD/book.html" ]; then
    profile=$(mktemp -d)
    start=$(date +%s%N)
    timeout -k 5 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --screenshot="$shot" --window-size=1280,1600 \
        "file://$(realpath "$BUILD/book.html")" > "$scratch/chromium.log" 2>&1
    rm -rf "$profile"
    if [ -s "$shot" ] && [ "$(head -c 4 "$shot" | tail -c 3)" = PNG ]; then
        ok "headless Chromium loaded build/book.html and saved $shot in $(seconds_since "$start") s"
    else
        fail "headless Chromium saved no screenshot of build/book.html (log: $scratch/chromium.log)"
    fi
fi

# ---- every Python listing runs -----------------------------------------------------------------

# Small arguments so that each runs in a second or two; a file not listed runs without any.
python_args() {
    case "$1" in
        solutions/01-sequential/sequential.py) echo "3 0.01" ;;
        chapters/figures/concurrency_timeline.py) echo "5" ;;
        solutions/04-gather/gather.py) echo "5 0.05" ;;
        solutions/04-gather/explicit_loop.py) echo "0.02" ;;
        solutions/05-http/fetch_sequential.py) echo "3 0.05" ;;
        solutions/05-http/fetch_async.py) echo "10 0.05" ;;  # skipped when aiohttp is missing
        *) echo "" ;;
    esac
}
for py in solutions/*/*.py chapters/figures/*.py; do
    [ -f "$py" ] || continue
    read -r -a args <<< "$(python_args "$py")"
    start=$(date +%s%N)
    if timeout -k 2 20 "$PYTHON" "$py" "${args[@]}" > "$scratch/py.out" 2> "$scratch/py.err"; then
        ok "$PYTHON $py ${args[*]} runs ($(seconds_since "$start") s)"
    elif module=$(grep -o "No module named '[^']*'" "$scratch/py.err"); then
        ok "$py skipped: $module (a Debian package; tools/install-deps.sh bench)"
    else
        fail "$PYTHON $py ${args[*]} failed:"
        tail -n 5 "$scratch/py.err" | sed 's/^/    /'
    fi
done

exit "$failed"
