/*
 * env [-i] [-u NAME] [NAME=VALUE...] [COMMAND [ARG...]]: run COMMAND
 * with a modified environment, or print the environment (one NAME=VALUE
 * per line) when no command is given.  -i starts from an empty one.
 * As in GNU env, 127 means COMMAND was not found, 126 that it could not
 * be run.
 */
#define PROG "env"
#include "util.h"

extern char **environ;

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "-") == 0) {
            static char *empty[] = { NULL };
            environ = empty;
        } else if (strcmp(argv[i], "-u") == 0 && i + 1 < argc) {
            unsetenv(argv[++i]);
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            util_die("invalid option '%s'", argv[i]);
        }
    }
    for (; i < argc && strchr(argv[i], '='); i++) {
        char *eq = strchr(argv[i], '=');
        *eq = '\0';
        if (argv[i][0] == '\0' || setenv(argv[i], eq + 1, 1) < 0)
            util_die("cannot set '%s'", argv[i]);
    }
    if (i == argc) {
        for (char **e = environ; e && *e; e++)
            puts(*e);
        return fflush(stdout) ? 1 : 0;
    }
    execvp(argv[i], argv + i);
    int err = errno;
    util_warn("'%s': %s", argv[i], strerror(err));
    return err == ENOENT ? 127 : 126;
}
