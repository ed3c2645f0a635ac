// expect: inside the region opened at line 4 (regions do not nest)
int f(void)
{
    /* BEGIN SOLUTION */
    /* BEGIN SOLUTION */
    return 1;
    /* BEGIN STUB
    // TODO: return 1
    return 0;
    END STUB */
}
