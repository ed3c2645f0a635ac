# Generated from project.yml by tools/project mk; do not edit.
LAB_DIRS := 01-sequential
LAB_IDS := 01
LAB_DIR_01 := 01-sequential
DEPS_01-sequential :=
