// loopcheck: checks both event loops' tests share.
#ifndef LOOPCHECK_H
#define LOOPCHECK_H

#include "value.h"

// The sleeps in these tests are given ids 100, 101, ...; results[i] must hold sleep i's id,
// whatever order the sleeps finished in.
enum { FIRST_SLEEP_ID = 100 };
void expect_ids_in_order(const struct value results[], int n);

#endif
