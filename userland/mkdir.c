/*
 * mkdir [-p] [-m MODE] DIR...: make directories.  -p makes missing
 * parents too and is quiet about directories that already exist.  MODE
 * is octal (default 0777; Mosaic has no umask yet).
 */
#define PROG "mkdir"
#include <sys/stat.h>

#include "util.h"

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Make every missing component of path, left to right. */
static int make_parents(char *path, mode_t mode)
{
    for (char *p = path + 1; ; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char save = *p;
        *p = '\0';
        int r = mkdir(path, mode);
        int err = errno;
        *p = save;
        if (r < 0 && !(err == EEXIST && (*p || is_dir(path)))) {
            errno = err;
            return -1;
        }
        if (!*p)
            return 0;
        while (p[1] == '/')
            p++;
    }
}

int main(int argc, char **argv)
{
    bool parents = false;
    mode_t mode = 0777;
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-p") == 0) {
            parents = true;
        } else if (strcmp(argv[i], "-m") == 0 && i + 1 < argc) {
            char *end;
            mode = (mode_t)strtoul(argv[++i], &end, 8);
            if (*end || mode > 07777)
                util_die("invalid mode '%s'", argv[i]);
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            util_die("invalid option '%s'", argv[i]);
        }
    }
    if (i == argc)
        util_die("missing operand");
    for (; i < argc; i++) {
        int r = parents ? make_parents(argv[i], mode) : mkdir(argv[i], mode);
        if (r < 0) {
            util_warn("cannot create directory '%s': %s", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
