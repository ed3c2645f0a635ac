// expect: the solution region opened here is never closed
int f(void)
{
    /* BEGIN SOLUTION */
    return 1;
    /* BEGIN STUB
    // TODO: return 1
    return 0;
}
