/*
 * mv SOURCE DEST | mv SOURCE... DIRECTORY: rename files and directories.
 * A DEST that is a directory gets the source's name inside it.  Between
 * file systems (rename() says EXDEV) a regular file is copied and the
 * original removed; a directory is not.
 */
#define PROG "mv"
#include <fcntl.h>
#include <sys/stat.h>

#include "util.h"

/* The EXDEV fallback for one regular file. */
static int copy_and_unlink(const char *src, const char *dst, mode_t mode)
{
    int in = open(src, O_RDONLY);
    int out = in < 0 ? -1 : open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode & 07777);
    bool failed_read = false;
    int ok = in >= 0 && out >= 0 && util_copy_fd(in, out, &failed_read) == 0;
    int err = errno;
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) < 0)
        ok = 0, err = errno;
    if (!ok || unlink(src) < 0) {
        util_warn("cannot move '%s' to '%s': %s", src, dst, strerror(ok ? errno : err));
        return 1;
    }
    return 0;
}

static int move(const char *src, const char *dst)
{
    if (rename(src, dst) == 0)
        return 0;
    struct stat st;
    if (errno == EXDEV && stat(src, &st) == 0 && S_ISREG(st.st_mode))
        return copy_and_unlink(src, dst, st.st_mode);
    util_warn("cannot move '%s' to '%s': %s", src, dst, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    int i = 1;
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    return util_each_target(argc, argv, i, move);
}
