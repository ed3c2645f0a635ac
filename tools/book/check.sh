#!/usr/bin/env bash
# check-book.sh: what `make test` checks about the book. One line per check, "ok: ..." or
# "FAIL: ...", and a non-zero exit status when any check failed.
#   - the book renders: build/book.html, build/html/ (every link between pages resolves), build/book.pdf
#   - a planted broken include, missing file, broken link, missing image or solution listing makes
#     the build fail with a message naming the chapter and the include, link or image
#   - pdftotext finds every chapter title in the PDF
#   - headless Chromium loads build/book.html at 1280 and 412 px (screenshots build/book-screenshot*.png):
#     at 1280 px no listing needs to scroll; at 412 px listings scroll inside themselves, never wrap,
#     and the page itself never scrolls sideways
#   - the PDF: no overfull line (XeLaTeX's log), no wrapped listing line; sample pages rendered to
#     PNG in build/book-pages/ for a maintainer to look at
#   - the EPUB passes epubcheck
#   - every figure shows what its text claims (chapters/figures/NAME.facts.sh), or its caption says
#     what was measured instead
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
indent() { sed 's/^/    /'; }
seconds_since() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))" | awk '{ printf "%.1f", $1 / 1000 }'; }

# ---- the book renders --------------------------------------------------------------------------

# Render from scratch so the times are those of a fresh clone (figures included).
rm -rf "$BUILD/book" "$BUILD/book.html" "$BUILD/html" "$BUILD/book.pdf" "$BUILD/book.epub"
for target in html pdf epub; do
    start=$(date +%s%N)
    if $MAKE -s "BUILD=$BUILD" "$target" > "$scratch/make-$target.log" 2>&1; then
        ok "make $target renders the book in $(seconds_since "$start") s"
    else
        fail "make $target failed (last lines below; full log in $scratch/make-$target.log)"
        tail -n 15 "$scratch/make-$target.log" | sed 's/^/    /'
    fi
done

for out in "$BUILD/book.html" "$BUILD/html/index.html" "$BUILD/book.pdf" "$BUILD/book.epub"; do
    if [ -s "$out" ]; then ok "$out exists"; else fail "$out is missing or empty"; fi
done

# Everything a reader's browser loads is in the file: no script, style sheet, font or image from
# the network (math and superscripts are plain HTML, not a CDN's renderer).
if [ -s "$BUILD/book.html" ]; then
    remote=$(grep -oE '<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//[^"]*"' "$BUILD/book.html" | head -n 3)
    if [ -z "$remote" ]; then
        ok "build/book.html loads nothing from the network"
    else
        fail "build/book.html loads from the network: $remote"
    fi
fi

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
printf 'int fits;\nint %s;\n' "$(printf 'x%.0s' $(seq 1 100))" > "$scratch/wide.c"
plant "listing too wide" '```{.c include="'"$scratch"'/wide.c"}
```' "$scratch/wide.c:2 has 105 columns"
plant "unknown measured fact" 'It took [1]{.measured fact="concurrency_timeline.no_such_fact"} ms.' \
    'concurrency_timeline.no_such_fact'
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

# ---- each figure shows what its text claims ---------------------------------------------------

# tools/book/measure.sh wrote NAME.facts: "holds 1" when the claim held (perhaps on a later try),
# "holds 0" when a busy machine hid it every time; then the caption must say what was measured.
for facts in "$BUILD"/book/figures/*.facts; do
    [ -s "$facts" ] || continue
    name=$(basename "$facts" .facts)
    measured=$(sed -n 's/^measured: //p' "$facts")
    if grep -qx 'holds 1' "$facts"; then
        ok "figure $name shows what the text claims: $measured"
    elif grep -qx 'holds 0' "$facts" && grep -qF "did not show it: $measured" "$BUILD/book.html"; then
        ok "figure $name did not show its claim on this busy machine, and its caption says so ($measured)"
    else
        fail "figure $name: its claim failed and the caption does not say what was measured ($facts)"
    fi
done

# ---- headless Chromium: desktop and phone ------------------------------------------------------

# A copy of the book with a probe that measures every code block once the page is laid out and
# writes what it found into the page, which --dump-dom prints.
# The screenshots show chapter 1's page (its Python listing and its C headers) rather than the
# book's title page.
probe_page=$scratch/probe.html
shot_page=$scratch/probe-sequential.html
sed 's|</body>|<script src="probe.js"></script></body>|' "$BUILD/book.html" > "$probe_page" 2> /dev/null
sed 's|</body>|<script src="probe.js"></script></body>|' "$BUILD/html/sequential.html" > "$shot_page" 2> /dev/null
cat > "$scratch/probe.js" <<'JS'
(function () {
  // Headless Chromium opens no window narrower than 500 px: a phone's width (#412) is given to
  // the root element instead. The media queries still see a narrow screen (under 600 px).
  var width = parseInt(location.hash.slice(1), 10);
  if (width) document.documentElement.style.width = width + "px";
  var body = document.body;
  var out = { width: width || window.innerWidth, page: Math.max(body.scrollWidth, body.offsetWidth),
              body: body.clientWidth, pres: 0, scrolling: [], wrapping: [], notScrollable: [] };
  document.querySelectorAll("pre").forEach(function (pre) {
    out.pres++;
    var listing = pre.closest(".listing");
    var file = listing && listing.querySelector(".listing-file");
    var label = file ? file.textContent.trim() : pre.textContent.trim().slice(0, 40);
    var code = pre.querySelector("code") || pre;
    if (pre.scrollWidth > pre.clientWidth + 1) out.scrolling.push(label + " (" + pre.scrollWidth + " > " + pre.clientWidth + " px)");
    if (getComputedStyle(code).whiteSpace !== "pre" && getComputedStyle(pre).whiteSpace !== "pre") out.wrapping.push(label);
    var ox = getComputedStyle(pre).overflowX;
    if (ox !== "auto" && ox !== "scroll") out.notScrollable.push(label);
  });
  // What sticks out of the page on the right (evidence when the page scrolls sideways).
  out.tooWide = [];
  var right = body.getBoundingClientRect().right;
  body.querySelectorAll("*").forEach(function (el) {
    if (out.tooWide.length < 5 && el.getBoundingClientRect().right > right + 1 && !el.closest("pre, table")
        && !el.parentElement.closest("[data-too-wide]")) {
      el.setAttribute("data-too-wide", "");
      out.tooWide.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + ": " +
                       el.textContent.trim().slice(0, 50));
    }
  });
  var result = document.createElement("div");
  result.id = "book-probe";
  result.textContent = JSON.stringify(out);
  document.body.appendChild(result);
})();
JS

chromium_run() { # chromium_run PAGE WIDTH HEIGHT ARGS...: headless Chromium on a probe page
    local page=$1 width=$2 height=$3 profile fragment=""
    shift 3
    # No window narrower than 500 px: the probe narrows the page itself (see probe.js).
    [ "$width" -lt 500 ] && fragment=$width && width=500
    profile=$(mktemp -d)
    timeout -k 5 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
        --user-data-dir="$profile" --window-size="$width,$height" "$@" \
        "file://$(realpath "$page")#$fragment" 2>> "$scratch/chromium.log"
    rm -rf "$profile"
}

if ! command -v chromium > /dev/null; then
    fail "chromium is not installed (tools/install-deps.sh book)"
elif [ -s "$BUILD/book.html" ]; then
    for view in desktop:1280:1600 phone:412:915; do
        IFS=: read -r device width height <<< "$view"
        shot=$BUILD/book-screenshot-$device.png
        [ "$device" = desktop ] && shot=$BUILD/book-screenshot.png
        rm -f "$shot"
        start=$(date +%s%N)
        chromium_run "$shot_page" "$width" 2400 --screenshot="$shot" > /dev/null
        if [ -s "$shot" ] && [ "$(head -c 4 "$shot" | tail -c 3)" = PNG ]; then
            ok "headless Chromium drew chapter 1 (build/html/sequential.html) at $width px into $shot in $(seconds_since "$start") s"
        else
            fail "headless Chromium saved no screenshot of build/html/sequential.html at $width px (log: $scratch/chromium.log)"
        fi
        chromium_run "$probe_page" "$width" "$height" --dump-dom |
            sed -n 's|.*<div id="book-probe">\(.*\)</div>.*|\1|p' | sed 's/&quot;/"/g; s/&gt;/>/g; s/&lt;/</g; s/&amp;/\&/g' \
            > "$scratch/probe-$device.json"
        if ! jq -e .pres "$scratch/probe-$device.json" > /dev/null 2>&1; then
            fail "the probe found nothing at $width px (see $scratch/chromium.log)"
            continue
        fi
        jq -r '"\(.pres) code blocks; window \(.width) px, page \(.page) px"' "$scratch/probe-$device.json" \
            > "$scratch/probe-$device.txt"
        summary=$(cat "$scratch/probe-$device.txt")
        if [ "$device" = desktop ]; then
            scrolling=$(jq -r '.scrolling[]' "$scratch/probe-$device.json")
            if [ -z "$scrolling" ]; then
                ok "at 1280 px no code block needs to scroll ($summary)"
            else
                fail "at 1280 px these code blocks need to scroll:"
                printf '%s\n' "$scrolling" | indent
            fi
        else
            wrapping=$(jq -r '(.wrapping[] | "wraps: \(.)"), (.notScrollable[] | "cannot scroll: \(.)")' \
                "$scratch/probe-$device.json" | head -n 5 | tr '\n' ';')
            page_too_wide=$(jq -r 'select(.page > .body) | "the page is \(.page) px wide in a \(.width) px screen (\(.tooWide | join("; ")));"' \
                "$scratch/probe-$device.json")
            if [ -z "$wrapping" ] && [ -z "$page_too_wide" ]; then
                ok "at 412 px code blocks scroll inside themselves and never wrap, and the page does not scroll sideways ($summary; $(jq '.scrolling | length' "$scratch/probe-$device.json") scroll)"
            else
                fail "at 412 px: ${page_too_wide:-} code blocks that wrap or cannot scroll: ${wrapping:-none}"
            fi
        fi
    done
fi

# ---- the PDF: nothing overfull, no listing line wrapped; sample pages as PNG ---------------------

latex_log=$BUILD/book/pdf-latex.log
if [ -s "$latex_log" ]; then
    # XeLaTeX runs more than once and repeats its complaints: count each source line once.
    overfull=$(grep -E '^Overfull \\hbox \(([2-9]|[0-9]{2,})[.0-9]*pt too wide\)' "$latex_log" | sort -u)
    if [ -z "$overfull" ]; then
        ok "the PDF has no line that sticks out into the margin by 2 pt or more (XeLaTeX's log)"
    else
        fail "XeLaTeX set lines wider than the page (the lines are those of the LaTeX pandoc wrote; context in $latex_log):"
        printf '%s\n' "$overfull" | indent
    fi
fi
if [ -s "$BUILD/book.pdf" ]; then
    # fvextra marks a listing line it had to break with a hooked arrow; count them per chapter.
    pdftotext "$BUILD/book.pdf" - | awk '/^\f?Chapter [0-9]+$/ { chapter = $2 } /↪/ { n[chapter]++ }
        END { for (c in n) print c, n[c] }' | sort -n > "$scratch/wrapped.txt"
    wrapped=$(awk '{ printf "chapter %s: %s line(s); ", $1, $2 }' "$scratch/wrapped.txt")
    if [ -z "$wrapped" ]; then
        ok "no listing line wraps in the PDF"
    else
        fail "listing lines wrap in the PDF: $wrapped"
    fi
    # Sample pages: the opening figure, chapter 2's contract headers, chapter 4's loop, chapter 5.
    pages_dir=$BUILD/book-pages
    rm -rf "$pages_dir" && mkdir -p "$pages_dir"
    pdftotext "$BUILD/book.pdf" - | awk 'BEGIN { RS = "\f" }
        /Figure 0\.1:/ && !a { a = NR; print NR } /pollwait\.h/ && !b { b = NR; print NR }
        /labs\/04-gather\/loop\.c/ && !c { c = NR; print NR } /Chapter 5\n+Async HTTP/ && !d { d = NR; print NR }' \
        > "$scratch/sample-pages.txt"
    start=$(date +%s%N)
    while read -r page; do
        pdftoppm -r 70 -png -f "$page" -l "$page" "$BUILD/book.pdf" "$pages_dir/page"
    done < "$scratch/sample-pages.txt"
    count=$(find "$pages_dir" -name '*.png' | wc -l)
    if [ "$count" -ge 3 ]; then
        ok "pdftoppm rendered $count sample pages to $pages_dir/ ($(tr '\n' ' ' < "$scratch/sample-pages.txt")) in $(seconds_since "$start") s"
    else
        fail "pdftoppm rendered $count sample pages (expected 3 or more; pages found: $(cat "$scratch/sample-pages.txt"))"
    fi
fi

# ---- the EPUB passes epubcheck -----------------------------------------------------------------

epubcheck_jar=/usr/share/java/epubcheck.jar
if [ ! -f "$epubcheck_jar" ]; then
    fail "epubcheck is not installed (tools/install-deps.sh book)"
elif [ -s "$BUILD/book.epub" ]; then
    start=$(date +%s%N)
    # The jar, through java: /usr/bin/epubcheck needs binfmt_misc, which a container may lack.
    if java -jar "$epubcheck_jar" "$BUILD/book.epub" > "$scratch/epubcheck.log" 2>&1; then
        ok "epubcheck finds no error or warning in $BUILD/book.epub ($(seconds_since "$start") s)"
    else
        fail "epubcheck rejects $BUILD/book.epub:"
        grep -E '^(ERROR|FATAL|WARNING)' "$scratch/epubcheck.log" | head -n 10 | sed 's/^/    /'
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
        solutions/08-parallel/dispatch_jobs.py) echo "5000 0.02" ;;
        solutions/06-servers/flask_app.py) echo "0.02" ;;     # skipped when Flask is missing
        solutions/06-servers/fastapi_app.py) echo "0.02" ;;   # skipped when FastAPI or uvicorn is missing
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
