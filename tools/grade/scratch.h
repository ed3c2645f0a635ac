// scratch: the copy of one lab that student code is built and run in.
//
//   DIR/lab.mk         the build's makefile                     } owned by root, read-only to
//   DIR/test/<lab>/    the instructor's tests                   } the sandbox user: nothing
//   DIR/test/lib/      the instructor's test library            } here can be edited, and
//   DIR/src/<lab>/     the lab's files, and those of each lab    } nothing else is in reach
//                      it depends on (DIR/src/<dependency>/)     }
//   DIR/bin/           the test binary, copied out of out/ once built
//   DIR/out/           the build's and the tests' own files: the sandbox user's, and only this
//   DIR/ref/           in a student release, the reference objects of the labs it depends on
//   DIR/root/          an empty mount point for the sandbox's root (sandbox_ns.c)
//
// Of a submission only regular files whose names the handout gives (labs/<dir>/) are copied:
// a symbolic link, a directory or any other name is refused with a note for the student, and
// the handout's file stands in. Headers are always the handout's: they are the lab's contract.
#ifndef SCRATCH_H
#define SCRATCH_H

#include <stdio.h>
#include <sys/types.h>

#include "projfile.h"

// Makes the scratch copy of lab, whose files come from src/<dir> and its dependencies' from
// depsrc/<dir> (deps: every lab it builds on). root is the project (tools/grade/lab.mk, test/,
// labs/). A dependency depsrc does not have, or every one when depsrc is NULL, is the prebuilt
// reference library under ref_root/ref/ (a student release's). out/ is given to owner. Returns
// the new directory, or NULL with *notes saying why; *notes also collects what the student should
// know (refused files), or stays NULL.
char *scratch_make(const char *root, const char *ref_root, const struct lab *lab, const struct lab *const *deps,
                   size_t ndeps, const char *src, const char *depsrc, uid_t owner, char **notes);

// Copies DIR/out/test to DIR/bin/test, root-owned, refusing anything but a regular file.
int scratch_take_binary(const char *dir);

// Copies the objects the sandbox user compiled (DIR/out/objects/*.o) to DIR/checked/, root-owned,
// refusing anything but regular files: the link check reads these copies, and the test binary is
// linked from exactly them. Returns how many, or -1.
int scratch_take_objects(const char *dir);

// Opens for reading a file that student code may have replaced: only a regular file, never
// through a link, never blocking (a FIFO in its place would hang the grader). NULL otherwise.
FILE *scratch_fopen(const char *path);

// Removes the scratch copy (never following a link).
void scratch_remove(const char *dir);

#endif
