// dispatch_jobs: see dispatch.h. Given code: it only splits and picks a way.
#include <errno.h>
#include <stdlib.h>

#include "dispatch.h"

// [dispatch_jobs_body]
int dispatch_jobs(const struct job *job, const int64_t *data, size_t n, size_t n_jobs,
                  struct dispatch_how how, int64_t *results)
{
    if (job == NULL || results == NULL || (data == NULL && n > 0))
        return -EINVAL;
    struct chunk *chunks = calloc(n_jobs ? n_jobs : 1, sizeof *chunks);
    if (chunks == NULL)
        return -ENOMEM;
    int rc = split_data(data, n, n_jobs, how.split, chunks);
    if (rc == 0) {
        switch (how.way) {
        case DISPATCH_PROCESS:
            rc = dispatch_processes(job, chunks, n_jobs, results);
            break;
        case DISPATCH_THREAD:
            rc = dispatch_threads(job, chunks, n_jobs, results);
            break;
        case DISPATCH_COROUTINE:
            rc = dispatch_coroutines(job, chunks, n_jobs, results);
            break;
        default: rc = -EINVAL;
        }
    }
    free(chunks);
    return rc;
}
// [/dispatch_jobs_body]
