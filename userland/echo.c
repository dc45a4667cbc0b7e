/*
 * echo [-n] [-e] [ARG...]: print the arguments separated by spaces and
 * followed by a newline (none with -n).  With -e, backslash escapes
 * (\n \t \\ \c ...) are interpreted, as in GNU echo.  The code is in
 * util.h, shared with the shell's builtin echo.
 */
#define PROG "echo"
#include "util.h"

int main(int argc, char **argv)
{
    return util_echo(argc, argv, stdout);
}
