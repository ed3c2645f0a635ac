// Given code stays; each solution region becomes its stub, indentation kept.
#include <errno.h>

int answer(void)
{
    /* BEGIN SOLUTION */
    return 42;
    /* BEGIN STUB
    // TODO(lab 00): return the answer.
    errno = ENOSYS;
    return -1;
    END STUB */
}

int given(void) { return 7; }

int twice(int x)
{
	/* BEGIN SOLUTION */
	return 2 * x;
	/* BEGIN STUB
	// TODO(lab 00): double x.
	(void)x;
	return 0;
	END STUB */
}
