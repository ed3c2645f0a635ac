# Async from Scratch: every entry point. `make help` lists them; README.md explains them.
#
# The list of labs lives in project.yml only: tools/project turns it into build/project.mk
# (LAB_DIRS, LAB_IDS, DEPS_<dir>), which is included below. Make rebuilds that fragment, and
# installs the Debian packages the tools need, before anything else runs.

.DEFAULT_GOAL := all
SHELL := /bin/bash
.DELETE_ON_ERROR:
.SUFFIXES:

BUILD ?= build
CC ?= cc
# The labs' compiler flags (CSTD, WARN, CFLAGS, SAN=1) and `make lab-build` live in lab.mk,
# which the grader also runs on its own inside its sandbox.
include tools/grade/lab.mk
TOOL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -g -O2

# What `make grade` and `make lab-NN` read.
SUBMISSION ?= labs
SRC ?= labs
LAB ?=

TOOLS := $(BUILD)/tools

.PHONY: all help test test-aarch64 grade labs release autograder grade-all book html pdf epub bench planted soak clean

all: grade book ## install what is missing, grade labs/, render the book

# Students' targets come first; everything after the "maintainers only" marker is listed apart.
help: ## list the entry points
	@sed '/^# ---- maintainers only/q' $(MAKEFILE_LIST) | grep -E '^[a-z%-]+:.*## ' | sed -E 's/^([^:]+):.*## /  make \1\t/' | expand -t 24
	@echo "Maintainers and instructors only:"
	@sed -n '/^# ---- maintainers only/,$$p' $(MAKEFILE_LIST) | grep -E '^[a-z%-]+:.*## ' | sed -E 's/^([^:]+):.*## /  make \1\t/' | expand -t 24

# ---- dependencies and tools ---------------------------------------------------------------

$(BUILD)/.deps-core: tools/install-deps.sh
	tools/install-deps.sh core
	@mkdir -p $(@D) && touch $@

$(BUILD)/.deps-book: tools/install-deps.sh
	tools/install-deps.sh book
	@mkdir -p $(@D) && touch $@

$(BUILD)/.deps-grade: tools/install-deps.sh
	tools/install-deps.sh grade
	@mkdir -p $(@D) && touch $@

$(BUILD)/.deps-bench: tools/install-deps.sh
	tools/install-deps.sh bench
	@mkdir -p $(@D) && touch $@

$(TOOLS)/stubgen: tools/handout/stubgen.c | $(BUILD)/.deps-core
	@mkdir -p $(@D)
	$(CC) $(TOOL_CFLAGS) -o $@ $<

# The grader, the project reader and the list of labs: tools/grade/tools.mk.
include tools/grade/tools.mk

# ---- building one lab: tools/grade/lab.mk, included above -----------------------------------
# make lab-build BUILD_LAB=01-sequential LAB_SRC=<dir with lab dirs> LAB_DEPSRC=<dir> LAB_OUT=<dir>

# ---- students and instructors --------------------------------------------------------------

lab-%: $(TOOLS)/grade ## build and test one lab: make lab-01 [SRC=solutions] [REF_DEPS=1]
	@$(TOOLS)/grade --submission $(SRC) --lab $* $(if $(filter 1,$(REF_DEPS)),--ref-deps) --out $(BUILD)/lab-$*

grade: $(TOOLS)/grade ## grade labs/ or SUBMISSION=dir [LAB=01] [REF_DEPS=1] [MIN_SCORE=N] [SUITE=name]
	@$(TOOLS)/grade --submission $(SUBMISSION) $(if $(LAB),--lab $(LAB)) \
		$(if $(filter 1,$(REF_DEPS)),--ref-deps) $(if $(SUITE),--suite $(SUITE)) \
		$(if $(MIN_SCORE),--min-score $(MIN_SCORE)) --out $(BUILD)/grade

# ---- maintainers only (`make help` lists what follows apart; none of it is in the release) ----

# Refuses when a file in labs/ changed since the last `make labs` (FORCE=1 overrides).
labs: $(TOOLS)/stubgen ## regenerate the student handout labs/ from solutions/ [FORCE=1]
	@$(if $(filter 1,$(FORCE)),,STUBGEN=$(TOOLS)/stubgen tools/handout/labs-guard.sh check labs)
	tools/handout/make-labs.sh $(TOOLS)/stubgen labs $(LAB_DIRS)
	@tools/handout/labs-guard.sh record labs

release: $(TOOLS)/grade $(TOOLS)/project $(TOOLS)/stubgen | $(BUILD)/.deps-grade ## the student release: build/release/ (a git repository) and its tarball [BOOK=0]
	@BUILD=$(BUILD) TOOLS=$(TOOLS) STUBGEN=$(TOOLS)/stubgen tools/release/release.sh $(BUILD)/release $(LAB_DIRS)
	@python3 tools/release/leaks.py $(BUILD)/release

autograder: release ## Gradescope's autograder: build/autograder.zip (from the release, with the hidden tests)
	@BUILD=$(BUILD) TOOLS=$(TOOLS) tools/autograder/package.sh $(BUILD)/release $(BUILD)/autograder.zip

grade-all: $(TOOLS)/grade | $(BUILD)/.deps-grade ## grade a class: SUBMISSIONS=dir -> build/gradebook/gradebook.csv [JOBS=N]
	@BUILD=$(BUILD) TOOLS=$(TOOLS) tools/gradebook/grade-all.sh "$(SUBMISSIONS)" $(BUILD)/gradebook

test: $(TOOLS)/grade $(TOOLS)/stubgen $(TOOLS)/project ## everything a maintainer must keep green
	@BUILD=$(BUILD) TOOLS=$(TOOLS) LAB_DIRS="$(LAB_DIRS)" LAB_IDS="$(LAB_IDS)" tools/check/test.sh

test-aarch64: ## lab 07's switch on aarch64, under qemu-user (installs the cross compiler and qemu: ~270 MB)
	tools/install-deps.sh aarch64
	@mkdir -p $(BUILD) && BUILD=$(BUILD) AARCH64=required tools/check/greenlets.sh | tee $(BUILD)/test-aarch64.log; \
		! grep -q '^FAIL' $(BUILD)/test-aarch64.log && grep -q '^ok: aarch64 under qemu: ' $(BUILD)/test-aarch64.log

# ---- the book -------------------------------------------------------------------------------
# tools/book/book.sh renders book.md and the chapters project.yml lists, with its metadata; the
# filters in tools/book/filters/ pull every listing in from solutions/ and labs/ and fail the build
# on a broken include, link or image. A figure is measured on this machine by
# chapters/figures/NAME.sh and drawn by chapters/figures/NAME.gp into build/book/figures/NAME.svg.

BOOK_FIGURES := $(patsubst chapters/figures/%.sh,$(BUILD)/book/figures/%.svg,$(filter-out %.facts.sh,$(wildcard chapters/figures/*.sh)))
BOOK_INPUTS := book.md project.yml $(wildcard chapters/*.md) tools/book/book.sh $(wildcard tools/book/filters/*.lua) \
	$(wildcard tools/book/*.css tools/book/*.tex) $(wildcard solutions/*/* labs/*/*) $(BOOK_FIGURES) $(TOOLS)/project
BOOK_SH := BUILD=$(BUILD) TOOLS=$(TOOLS) tools/book/book.sh
SVG_TERMINAL := set terminal svg size 720,400 dynamic enhanced font 'DejaVu Sans,13' background rgb 'white'

book: html pdf ## render the book: build/book.html, build/html/, build/book.pdf
html: $(BUILD)/book.html $(BUILD)/html/index.html ## the book as one HTML file, and one page per chapter
pdf: $(BUILD)/book.pdf ## the book as a PDF (XeLaTeX)
epub: $(BUILD)/book.epub ## the book as an EPUB for e-readers (checked by epubcheck in make test)

$(BUILD)/book.html: $(BOOK_INPUTS) | $(BUILD)/.deps-book
	@echo "book: $@" && $(BOOK_SH) html

$(BUILD)/html/index.html: $(BOOK_INPUTS) | $(BUILD)/.deps-book
	@echo "book: $(@D)/" && $(BOOK_SH) pages

$(BUILD)/book.pdf: $(BOOK_INPUTS) | $(BUILD)/.deps-book
	@echo "book: $@" && $(BOOK_SH) pdf

$(BUILD)/book.epub: $(BOOK_INPUTS) | $(BUILD)/.deps-book
	@echo "book: $@" && $(BOOK_SH) epub

# Figure data is kept: it is what this machine measured. tools/book/measure.sh also writes
# NAME.facts: the numbers the prose quotes, and whether the figure shows what the text claims
# (chapters/figures/NAME.facts.sh; measured again when it does not).
.PRECIOUS: $(BUILD)/book/figures/%.dat
$(BUILD)/book/figures/%.dat: chapters/figures/%.sh $(wildcard chapters/figures/*.facts.sh) tools/book/measure.sh \
		$(wildcard solutions/*/*) | $(BUILD)/.deps-book $(BUILD)/.deps-core
	@echo "figure: measuring $*" && BUILD=$(BUILD) tools/book/measure.sh $* $(@D)
# A figure measured by make bench's programs is measured again when they change.
$(BUILD)/book/figures/switch_cost.dat: $(wildcard test/bench/07-greenlets/*) tools/bench/bench.sh

$(BUILD)/book/figures/%.svg: $(BUILD)/book/figures/%.dat chapters/figures/%.gp | $(BUILD)/.deps-book
	gnuplot -e "$(SVG_TERMINAL)" -e "set output '$@.tmp'" -e "data='$<'" chapters/figures/$*.gp
	@# A key drawn "opaque" is drawn twice, with the same ids: valid HTML tolerates that, EPUB does not.
	perl -pe 's/id="([^"]+)"/$$seen{$$1}++ ? "id=\"$$1_$$seen{$$1}\"" : "id=\"$$1\""/ge' $@.tmp > $@ && rm $@.tmp

# Each argument is one lab and the labs it depends on: "02-tasks 01-sequential".
bench: | $(BUILD)/.deps-bench ## the performance figures against their targets: a table, build/bench/bench.json and bench.svg
	@BUILD=$(BUILD) CC=$(CC) BENCH_CFLAGS="$(CSTD) $(WARN)" \
		tools/bench/bench.sh $(foreach lab,$(LAB_DIRS),"$(strip $(lab) $(DEPS_$(lab)))")

planted: $(TOOLS)/grade $(TOOLS)/project ## grade every planted mistake on every test of its lab (make test: on the suites it names)
	@BUILD=$(BUILD) TOOLS=$(TOOLS) JOBS=2 LAB_DIRS="$(LAB_DIRS)" tools/check/graded-copies.sh test/grader/planted solutions passed

soak: $(TOOLS)/grade ## run every graded test of the reference RUNS times (30) beside HOGS busy loops (2): flaky timing tests show here
	@BUILD=$(BUILD) TOOLS=$(TOOLS) tools/soak/soak.sh

clean: ## remove build/
	rm -rf $(BUILD)

FORCE:
