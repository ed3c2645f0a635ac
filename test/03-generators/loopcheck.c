#include "loopcheck.h"

#include "labtest.h"

void expect_ids_in_order(const struct value results[], int n)
{
    for (int i = 0; i < n; i++)
        cr_assert(results[i].kind == VALUE_INT && results[i].as.i == FIRST_SLEEP_ID + i,
                  "results[%d] holds %lld (kind %d); expected %d, the id of sleep %d: results go in the order the "
                  "generators were given, not the order they finish", i, (long long)results[i].as.i,
                  (int)results[i].kind, FIRST_SLEEP_ID + i, i);
}
