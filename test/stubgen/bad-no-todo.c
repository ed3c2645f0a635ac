// expect: the stub of the region opened at line 4 has no TODO
int f(void)
{
    /* BEGIN SOLUTION */
    return 1;
    /* BEGIN STUB
    return 0;
    END STUB */
}
