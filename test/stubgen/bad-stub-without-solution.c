// expect: STUB without a
int f(void)
{
    /* BEGIN STUB
    // TODO: return 1
    return 0;
    END STUB */
}
