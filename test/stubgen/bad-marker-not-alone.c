// expect: a region marker must stand alone on its line
int f(void)
{
    return 1; /* BEGIN SOLUTION */
}
