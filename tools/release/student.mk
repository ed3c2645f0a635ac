# Async from Scratch, student release: `make help` lists the entry points; README.md explains them.
# Copied by `make release` from the course's tools/release/student.mk.

.DEFAULT_GOAL := all
SHELL := /bin/bash
.DELETE_ON_ERROR:
.SUFFIXES:

BUILD ?= build
# The labs' compiler flags (CC, CFLAGS, SAN=1) are tools/grade/lab.mk's, included below; the
# tools' own are set here (recursively, since WARN comes from lab.mk).
TOOL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -g -O2

SUBMISSION ?= labs
SRC ?= labs
LAB ?=
TOOLS := $(BUILD)/tools

.PHONY: all help grade book lab-build clean FORCE

all: grade book ## install what is missing, grade labs/, show where the book is

help: ## list the entry points
	@grep -E '^[a-z%-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | sed -E 's/^([^:]+):.*## /  make \1\t/' | expand -t 24

$(BUILD)/.deps-core:
	tools/install-deps.sh core
	@mkdir -p $(@D) && touch $@

# The grader, the project reader and the list of labs: tools/grade/tools.mk.
include tools/grade/tools.mk

# ---- building one lab (the grader calls this) ----------------------------------------------
# REF_DEPS=1 links ref/lib/lib<lab>.a and ref/include/<lab>/, prebuilt from the reference,
# since the release has no solutions/: tools/grade/lab.mk does that when LAB_DEPSRC is absent.
include tools/grade/lab.mk

# ---- students ------------------------------------------------------------------------------

lab-%: $(TOOLS)/grade ## build and test one lab: make lab-01 [REF_DEPS=1] [SAN=1]
	@$(TOOLS)/grade --submission $(SRC) --lab $* $(if $(filter 1,$(REF_DEPS)),--ref-deps) --out $(BUILD)/lab-$*

grade: $(TOOLS)/grade ## grade every lab in labs/ [LAB=01] [REF_DEPS=1] [MIN_SCORE=N] [SUITE=name]
	@$(TOOLS)/grade --submission $(SUBMISSION) $(if $(LAB),--lab $(LAB)) \
		$(if $(filter 1,$(REF_DEPS)),--ref-deps) $(if $(SUITE),--suite $(SUITE)) \
		$(if $(MIN_SCORE),--min-score $(MIN_SCORE)) --out $(BUILD)/grade

book: ## the book ships prebuilt in book/
	@if [ -f book/book.html ]; then echo "The book: book/book.html, book/html/index.html, book/book.pdf"; \
	else echo "This release was made without the book: ask your instructor for it."; fi

clean: ## remove build/
	rm -rf $(BUILD)

FORCE:
