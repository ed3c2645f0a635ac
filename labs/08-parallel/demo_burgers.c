// demo_burgers: the tutorial's two restaurants, then the house to clean, measured.
// Usage: demo_burgers [CUSTOMERS [GRILL_MS [WORK_MS [ROOM_MS]]]]
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "burgers.h"
#include "clock.h"

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

// [demo_serve]
static int serve(const char *story, const char *who, const struct order_book *book,
                 size_t n, enum restaurant r)
{
    int64_t start = clock_now_ns();
    double cpu = cpu_ms();
    int64_t served = serve_customers(book, n, r);
    double ms = (double)(clock_now_ns() - start) / NS_PER_MS;
    cpu = cpu_ms() - cpu;
    if (served != (int64_t)n) {
        fprintf(stderr, "serve_customers: %lld\n", (long long)served);
        return 1;
    }
    printf("%-8s %-26s %4zu served in %7.1f ms, CPU %7.1f ms\n", story, who, n, ms,
           cpu);
    return 0;
}
// [/demo_serve]

int main(int argc, char **argv)
{
    size_t customers = argc > 1 ? (size_t)atoi(argv[1]) : 32;
    int64_t grill_ms = argc > 2 ? atoi(argv[2]) : 100;
    int64_t work_ms = argc > 3 ? atoi(argv[3]) : 1;
    int64_t room_ms = argc > 4 ? atoi(argv[4]) : 50;
    if (customers < 1 || customers > 10000 || grill_ms < 0 || grill_ms > 1000 ||
        work_ms < 0 || work_ms > 100 || room_ms < 0 || room_ms > 1000) {
        fprintf(stderr,
                "usage: demo_burgers [CUSTOMERS [GRILL_MS [WORK_MS [ROOM_MS]]]]\n");
        return 2;
    }
    struct order_book burgers = {.work_ms = work_ms, .wait_ms = grill_ms};
    struct order_book house = {.work_ms = room_ms, .wait_ms = 0};
    printf("burgers: %zu customers, %lld ms of work and %lld ms on the grill each\n",
           customers, (long long)work_ms, (long long)grill_ms);
    int failed = serve("burgers", "one cashier with numbers", &burgers, customers,
                       ONE_CASHIER);
    failed |= serve("burgers", "8 cashier-cooks", &burgers, customers, CASHIER_COOKS);
    printf("house: %d rooms, %lld ms of work each\n", BURGER_COOKS,
           (long long)room_ms);
    failed |= serve("house", "one cleaner", &house, BURGER_COOKS, ONE_CASHIER);
    failed |= serve("house", "8 cleaners", &house, BURGER_COOKS, CASHIER_COOKS);
    return failed;
}
