// make_dirs: the grader's one way to create a directory.
#ifndef MAKE_DIRS_H
#define MAKE_DIRS_H

#include <sys/types.h>

// Creates path and any parent it lacks (mkdir -p), each with mode; a directory that is
// already there is fine. Returns 0, or a negative errno (the labs' convention): the
// mkdir that failed, or -ENOTDIR when path exists and is not a directory.
int make_dirs(const char *path, mode_t mode);

#endif
