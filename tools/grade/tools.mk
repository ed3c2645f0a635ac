# tools.mk: how the grader and the project reader are built, and the list of labs they give
# make. The course's Makefile and a student release's (tools/release/student.mk) both include
# it, after setting BUILD, TOOLS, CC and TOOL_CFLAGS and a $(BUILD)/.deps-core rule.

$(TOOLS)/project: tools/project/project.c tools/project/projfile.c tools/project/projfile.h tools/project/xalloc.h | $(BUILD)/.deps-core
	@mkdir -p $(@D)
	$(CC) $(TOOL_CFLAGS) -o $@ tools/project/project.c tools/project/projfile.c -lyaml

GRADE_SRC := $(wildcard tools/grade/*.c) tools/project/projfile.c
$(TOOLS)/grade: $(GRADE_SRC) $(wildcard tools/grade/*.h) tools/project/projfile.h tools/project/xalloc.h test/lib/time_scale.h | $(BUILD)/.deps-core
	@mkdir -p $(@D)
	$(CC) $(TOOL_CFLAGS) -Itools/project -Itest/lib -o $@ $(GRADE_SRC) -lyaml -ljansson

# The list of labs, from project.yml (LAB_DIRS, LAB_IDS, DEPS_<dir>).
$(BUILD)/project.mk: project.yml $(TOOLS)/project
	$(TOOLS)/project mk > $@

ifeq ($(filter clean help,$(MAKECMDGOALS)),)
include $(BUILD)/project.mk
endif
