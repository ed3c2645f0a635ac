// dispatch_fetch: the I/O-bound job for real - GETs of /delay/d from lab 05's test server,
// with lab 05's blocking client in processes and threads, and its session in coroutines.
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dispatchtest.h"
#include "http_test_server.h"
#include "jobs.h"
#include "labtest.h"

LAB_SUITE(dispatch_fetch, 20);

// n_jobs chunks of one GET of /delay/d each, `way`: every chunk's result is d, and all of
// them together take about d.
static void check_fetches_in_about_d(enum dispatch_way way, size_t n_jobs)
{
    struct http_test_server *server = http_test_server_start();
    cr_assert(server, "could not start the test server: %s", strerror(errno));
    struct fetch_target target = {.port = http_test_server_port(server)};
    const struct job job = {.name = "fetch", .run = job_fetch.run,
                            .coroutine = job_fetch.coroutine, .arg = &target};
    const int64_t d = scaled_ms(200);
    int64_t *delays = malloc(n_jobs * sizeof *delays);
    int64_t *results = malloc(n_jobs * sizeof *results);
    cr_assert(delays && results, "out of memory");
    for (size_t j = 0; j < n_jobs; j++)
        delays[j] = d;
    int64_t start = test_now_ns();
    dispatch_ok(&job, delays, n_jobs, n_jobs,
                (struct dispatch_how){.way = way, .split = SPLIT_CONTIGUOUS}, results);
    int64_t took = test_now_ns() - start;
    long most = http_test_server_max_concurrent(server);
    http_test_server_stop(server);
    for (size_t j = 0; j < n_jobs; j++)
        cr_assert(results[j] == d, "%s: chunk %zu fetched /delay/%lld and its result is "
                  "%lld (%s), expected %lld", way_name(way), j, (long long)d,
                  (long long)results[j], error_name(results[j]), (long long)d);
    cr_assert(took >= d * 1000000, "%s: %zu GETs of /delay/%lld finished after %.1f ms: "
              "the server answers none of them earlier", way_name(way), n_jobs,
              (long long)d, ns_as_ms(took));
    cr_assert(took < 2 * d * 1000000, "%s: %zu GETs of /delay/%lld took %.1f ms (the "
              "server saw at most %ld at once); side by side they take about %lld ms",
              way_name(way), n_jobs, (long long)d, ns_as_ms(took), most, (long long)d);
    free(delays);
    free(results);
}

Test(dispatch_fetch, n_fetches_of_d_finish_in_about_d_as_processes)
{
    check_fetches_in_about_d(DISPATCH_PROCESS, 8);
}

Test(dispatch_fetch, n_fetches_of_d_finish_in_about_d_as_threads)
{
    check_fetches_in_about_d(DISPATCH_THREAD, 8);
}

Test(dispatch_fetch, a_hundred_fetches_of_d_finish_in_about_d_as_coroutines)
{
    check_fetches_in_about_d(DISPATCH_COROUTINE, 100);
}
