# lab.mk: how one lab is built. The Makefile includes it (`make lab-build`, the checks of make
# test) and the grader runs it on its own, as the sandbox user, inside a scratch copy that holds
# only this file, test/<lab>, test/lib, src/<lab> and src/<dependency> (or a release's ref/), and
# the objects the grader hands in (checked/: the lab's, link-checked; test-objects/: the tests'):
#   make -f lab.mk out/test BUILD_LAB=01-sequential LAB_SRC=src LAB_OUT=out DEPS_01-sequential=
#
# Builds LAB_OUT/test (the lab's Criterion tests) and LAB_OUT/demo_* from the lab's sources and
# those of the labs it depends on. Header names are unique across labs, so one directory per lab
# on the include path works.
#
# Include order: the instructor's test library comes before every lab directory, and lab
# directories are -iquote only, so a student's file can never stand in for a test/lib header
# or for <criterion/criterion.h> (angle-bracket includes never search -iquote directories).
# Every file name is quoted in the recipes: a name is data, never shell.

CC ?= cc
# SAN=1 builds the labs with AddressSanitizer and UndefinedBehaviorSanitizer, and stretches
# every test duration (ASYNC_TIME_SCALE) so timing bounds survive the slowdown.
SAN ?= 0
CSTD := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN := -Wall -Wextra -Werror
CFLAGS := $(CSTD) $(WARN) -g -O1
ifeq ($(SAN),1)
CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
export ASYNC_TIME_SCALE ?= 2
endif
# LAB04_FAST=1 builds lab 04's runtime with the speed-ups of its optional last part
# (-DLAB04_FAST: timer_heap.c's timers, a one-byte cancel hook, a task's state in its future,
# tasks and large arrays in huge pages).
# The graded tests pass either way; make bench measures both.
LAB04_FAST ?= 0
ifeq ($(LAB04_FAST),1)
CFLAGS += -DLAB04_FAST
endif

LAB_DEPSRC ?= $(LAB_SRC)
quote = $(foreach f,$(1),'$(f)')
lab_dirs = $(LAB_SRC)/$(BUILD_LAB) $(addprefix $(LAB_DEPSRC)/,$(DEPS_$(BUILD_LAB)))
# A lab's sources are C files and, for what C cannot say (lab 07's register switch), assembly
# files run through the preprocessor (.S).
lab_c = $(foreach f,$(wildcard $(addsuffix /*.c,$(lab_dirs)) $(addsuffix /*.S,$(lab_dirs))),$(if $(filter demo_%,$(notdir $(f))),,$(f)))
lab_h = $(wildcard $(addsuffix /*.h,$(lab_dirs)))
test_c = $(wildcard test/$(BUILD_LAB)/*.c test/lib/*.c)
test_h = $(wildcard test/$(BUILD_LAB)/*.h test/lib/*.h)
demos = $(patsubst $(LAB_SRC)/$(BUILD_LAB)/%.c,$(LAB_OUT)/%,$(wildcard $(LAB_SRC)/$(BUILD_LAB)/demo_*.c))
# REF_DEPS=1 (the grader's --ref-deps) points LAB_DEPSRC at the reference sources. A student
# release does not have them: it links ref/lib/lib<lab>.a instead, prebuilt from the reference,
# with ref/include/<lab>/ for the headers (tools/release/reflibs.sh). So does the grader's scratch
# copy when that is what it was given.
ifneq ($(BUILD_LAB),)
ifeq ($(wildcard $(LAB_DEPSRC)/.),)
ifneq ($(wildcard ref/lib/.),)
ref_deps := $(DEPS_$(BUILD_LAB))
ref_libs := $(foreach d,$(shell printf '%s\n' $(ref_deps) | sort -r),ref/lib/lib$(d)$(if $(filter 1,$(SAN)),-san).a)
lab_dirs = $(LAB_SRC)/$(BUILD_LAB) $(addprefix ref/include/,$(ref_deps))
# The libraries come last in every link, after the lab's objects and the tests'.
lab_c = $(foreach f,$(wildcard $(LAB_SRC)/$(BUILD_LAB)/*.c $(LAB_SRC)/$(BUILD_LAB)/*.S),$(if $(filter demo_%,$(notdir $(f))),,$(f))) $(ref_libs)
test_c = $(wildcard test/$(BUILD_LAB)/*.c test/lib/*.c) $(ref_libs)
endif
endif
endif
includes = -iquote test/lib $(addprefix -iquote ,$(call quote,$(lab_dirs)))

.PHONY: lab-build FORCE
lab-build: $(LAB_OUT)/test $(demos)

# Rebuild when the compiler, its flags (SAN=1, CC=clang) or the list of sources change, not
# only when a source file does.
lab_recipe = $(CC) $(CFLAGS) $(lab_dirs) $(lab_c) $(test_c)
$(LAB_OUT)/cflags: FORCE
	@mkdir -p '$(@D)'
	@echo '$(lab_recipe)' | cmp -s - '$@' || echo '$(lab_recipe)' > '$@'

# Libraries one lab's tests link besides Criterion, as LDLIBS_<dir>.
LDLIBS_05-http := -lhttp_parser # libhttp-parser: the oracle lab 05's parser is compared with
LDLIBS_06-servers := -lhttp_parser -lpthread # the oracle of lab 06's request parser; the tests' server threads
LDLIBS_07-greenlets := -lm # fesetround, in the registers test
# Link options of one lab's tests and demos alike, as LDWRAP_<dir>: lab 07 patches the C
# library's blocking calls for every object it links (its green_patch.c has the wrappers).
LDWRAP_07-greenlets := -Wl,--wrap=connect,--wrap=send,--wrap=recv,--wrap=poll,--wrap=nanosleep,--wrap=clock_nanosleep

# A failed assertion passes through the test library on its way into Criterion
# (test/lib/labtest_proof.c), so a test that failed one cannot prove a pass.
LAB_WRAP := -Wl,--wrap=criterion_abort_test,--wrap=criterion_continue_test

# The lab's own objects, each source compiled alone with the tests' flags. The grader checks them
# (tools/grade/linkcheck.c) and then links exactly those files, copied out of the sandbox user's
# reach: LAB_OBJECTS_DIR. Anything else compiles them here first.
lab_srcs = $(filter %.c %.S,$(lab_c))
lab_libs = $(filter %.a,$(lab_c))
object_of = $(LAB_OUT)/objects/$(notdir $(patsubst %/,%,$(dir $(1))))--$(notdir $(basename $(1))).o
compile_objects = rm -rf '$(LAB_OUT)/objects' && mkdir -p '$(LAB_OUT)/objects' \
	$(foreach f,$(lab_srcs), && $(CC) $(CFLAGS) $(includes) -c '$(f)' -o '$(call object_of,$(f))')
objects_dir = $(or $(LAB_OBJECTS_DIR),$(LAB_OUT)/objects)

# The tests' objects. They read only the instructor's files and the handout's headers (the
# grader never takes a submission's headers), so they are the same for every submission: a
# grader that compiled them once passes them in as TEST_OBJECTS_DIR; otherwise they compile here.
test_srcs = $(filter %.c,$(test_c))
test_object_of = $(LAB_OUT)/test-objects/$(notdir $(patsubst %/,%,$(dir $(1))))--$(notdir $(basename $(1))).o
compile_tests = rm -rf '$(LAB_OUT)/test-objects' && mkdir -p '$(LAB_OUT)/test-objects' \
	$(foreach f,$(test_srcs), && $(CC) $(CFLAGS) $(includes) -c '$(f)' -o '$(call test_object_of,$(f))')
test_objects_dir = $(or $(TEST_OBJECTS_DIR),$(LAB_OUT)/test-objects)

.PHONY: lab-objects test-objects demo-objects
lab-objects:
	@$(compile_objects)
test-objects:
	@$(compile_tests)
# The demos compiled alone, for their warnings (make test, with gcc: the grader builds no demo).
demo-objects:
	@true $(foreach f,$(wildcard $(LAB_SRC)/$(BUILD_LAB)/demo_*.c), && $(CC) $(CFLAGS) \
		$(addprefix -iquote ,$(call quote,$(lab_dirs))) -c '$(f)' -o /dev/null)

$(LAB_OUT)/test: $(lab_c) $(lab_h) $(test_c) $(test_h) $(LAB_OUT)/cflags
	$(if $(LAB_OBJECTS_DIR),,@$(compile_objects))
	$(if $(TEST_OBJECTS_DIR),,@$(compile_tests))
	$(CC) $(CFLAGS) -o '$@' '$(objects_dir)'/*.o '$(test_objects_dir)'/*.o $(call quote,$(lab_libs)) \
		$(LDLIBS_$(BUILD_LAB)) $(LDWRAP_$(BUILD_LAB)) $(LAB_WRAP) -lcriterion

# A demo links the objects the tests link (compiled once above), not the sources again: lab 05's
# three demos would otherwise compile labs 01-05 three more times.
$(LAB_OUT)/demo_%: $(LAB_SRC)/$(BUILD_LAB)/demo_%.c $(LAB_OUT)/test
	$(CC) $(CFLAGS) $(addprefix -iquote ,$(call quote,$(lab_dirs))) -o '$@' '$<' '$(objects_dir)'/*.o \
		$(call quote,$(lab_libs)) $(LDWRAP_$(BUILD_LAB))
