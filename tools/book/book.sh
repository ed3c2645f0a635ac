#!/usr/bin/env bash
# book.sh: renders the book with pandoc. The Makefile calls it; figures must already be drawn.
#   tools/book/book.sh html     build/book.html, one self-contained file
#   tools/book/book.sh pages    build/html/, one page per chapter, with contents and previous/next links
#   tools/book/book.sh pdf      build/book.pdf through XeLaTeX
#   tools/book/book.sh epub     build/book.epub (EPUB 3, for e-readers; tools/book/check.sh runs epubcheck)
# The chapters are book.md and then those project.yml lists (build/tools/project chapters), with
# the metadata from project.yml. CHAPTERS="a.md b.md" replaces that list (tools/book/check.sh
# uses it to plant a broken chapter). Any pandoc warning fails the build.
set -euo pipefail

BUILD=${BUILD:-build}
TOOLS=${TOOLS:-$BUILD/tools}
OUT=${BOOK_OUT:-$BUILD}
work=$BUILD/book
mkdir -p "$work" "$OUT"
# Where tools/book/filters/measured.lua finds the facts each figure's measurement wrote.
export BOOK_FACTS_DIR=${BOOK_FACTS_DIR:-$work/figures}

mode=${1:-}
case "$mode" in html | pages | pdf | epub) ;; *) echo "usage: tools/book/book.sh html|pages|pdf|epub" >&2; exit 2 ;; esac

# One markdown file: the metadata, then each chapter after a line naming it, which the filters
# use in their error messages. One per output, so that `make -j` can render them side by side.
source_md=$work/source-$mode.md
{
    "$TOOLS/project" meta
    # shellcheck disable=SC2086 # CHAPTERS is a list of paths without spaces
    for chapter in book.md ${CHAPTERS:-$("$TOOLS/project" chapters)}; do
        if [ ! -f "$chapter" ]; then
            echo "book.sh: chapter $chapter (listed in project.yml) does not exist" >&2
            exit 1
        fi
        printf '\n<!-- book-source: %s -->\n\n' "$chapter"
        cat "$chapter"
        printf '\n'
    done
} > "$source_md"

common=(
    --from markdown
    --fail-if-warnings
    --resource-path "$work:."
    --lua-filter tools/book/filters/include.lua
    --lua-filter tools/book/filters/measured.lua
    --lua-filter tools/book/filters/number.lua
    --lua-filter tools/book/filters/hints.lua
    --lua-filter tools/book/filters/check.lua
    --lua-filter tools/book/filters/breakcode.lua
)

html_options=(--to html5 --standalone --self-contained --css tools/book/book.css --highlight-style tango)

case "$mode" in
html)
    pandoc "${common[@]}" "${html_options[@]}" --toc --toc-depth 2 \
        -o "$OUT/book.html.tmp" "$source_md"
    mv "$OUT/book.html.tmp" "$OUT/book.html"
    ;;
pages)
    # Filter the book once into pandoc's AST, then cut one page at a time out of it.
    pandoc "${common[@]}" --to json -o "$work/book.json" "$source_md"
    rm -rf "$OUT/html.tmp" && mkdir -p "$OUT/html.tmp"
    pandoc --from json --lua-filter tools/book/filters/chunk.lua -M chunk=list -t plain -o /dev/null \
        "$work/book.json" > "$work/pages.txt"
    while IFS=$'\t' read -r page _title; do
        pandoc --from json --fail-if-warnings --resource-path "$work:." \
            --lua-filter tools/book/filters/chunk.lua -M chunk="$page" \
            "${html_options[@]}" -o "$OUT/html.tmp/$page.html" "$work/book.json"
    done < "$work/pages.txt"
    rm -rf "$OUT/html" && mv "$OUT/html.tmp" "$OUT/html"
    ;;
pdf)
    # --verbose puts XeLaTeX's log in $work/pdf-latex.log, where tools/book/check.sh looks for
    # overfull lines; on failure its end is shown.
    if ! pandoc "${common[@]}" --verbose --to latex --pdf-engine xelatex \
        --top-level-division chapter --number-sections --toc --toc-depth 1 \
        --highlight-style tango \
        --include-in-header tools/book/header.tex \
        -V documentclass=book -V classoption=oneside -V classoption=openany \
        -V papersize=a4 -V geometry:margin=2.4cm -V fontsize=10pt \
        -V mainfont="DejaVu Serif" -V sansfont="DejaVu Sans" -V monofont="DejaVu Sans Mono" \
        -V monofontoptions=Scale=0.85 -V colorlinks=true -V linkcolor=Maroon -V urlcolor=NavyBlue \
        -o "$OUT/book.pdf.tmp.pdf" "$source_md" 2> "$work/pdf-latex.log"; then
        grep -v '^\[makePDF\]\|^\[INFO\]' "$work/pdf-latex.log" | grep -iE -A3 'error|warning|^!' | tail -n 40 >&2
        exit 1
    fi
    grep '^book: ' "$work/pdf-latex.log" >&2 || true
    mv "$OUT/book.pdf.tmp.pdf" "$OUT/book.pdf"
    ;;
epub)
    pandoc "${common[@]}" --to epub3 --toc --toc-depth 2 --epub-chapter-level 1 \
        --css tools/book/epub.css --highlight-style tango \
        -o "$OUT/book.epub.tmp" "$source_md"
    mv "$OUT/book.epub.tmp" "$OUT/book.epub"
    ;;
esac
