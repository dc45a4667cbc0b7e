/*
 * rmdir [-p] DIR...: remove empty directories; with -p also each parent
 * named in the path (a/b/c, then a/b, then a).
 */
#define PROG "rmdir"
#include "util.h"

static int remove_dir(char *path, bool parents)
{
    if (rmdir(path) < 0) {
        util_warn("failed to remove '%s': %s", path, strerror(errno));
        return 1;
    }
    if (!parents)
        return 0;
    for (char *slash; (slash = strrchr(path, '/')) != NULL && slash != path;) {
        while (slash > path && slash[-1] == '/')
            slash--;
        *slash = '\0';
        if (rmdir(path) < 0) {
            util_warn("failed to remove '%s': %s", path, strerror(errno));
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    bool parents = false;
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strcmp(argv[i], "-p") != 0)
            util_die("invalid option '%s'", argv[i]);
        parents = true;
    }
    if (i == argc)
        util_die("missing operand");
    for (; i < argc; i++)
        status |= remove_dir(argv[i], parents);
    return status;
}
