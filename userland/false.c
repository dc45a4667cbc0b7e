/*
 * false: do nothing, unsuccessfully (exit status 1).  The shell has it as
 * a builtin too; this one is for programs that exec it.
 */
int main(void)
{
    return 1;
}
