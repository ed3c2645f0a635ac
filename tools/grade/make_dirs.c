// make_dirs: see make_dirs.h.
#include "make_dirs.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

// mkdir that accepts a directory already there.
static int make_one(const char *path, mode_t mode)
{
    if (mkdir(path, mode) == 0)
        return 0;
    int error = errno;
    struct stat st;
    if (error == EEXIST)
        return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
    return -error;
}

int make_dirs(const char *path, mode_t mode)
{
    char copy[PATH_MAX];
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof copy)
        return len == 0 ? -ENOENT : -ENAMETOOLONG;
    memcpy(copy, path, len + 1);
    // Each parent in turn, from the top: cut the path at each '/' after the first byte.
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = make_one(copy, mode);
        *p = '/';
        if (rc < 0)
            return rc;
    }
    return make_one(copy, mode);
}
