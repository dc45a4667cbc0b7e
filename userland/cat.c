/*
 * cat [-u] [FILE...]: copy each FILE ("-" or none: standard input) to
 * standard output, unbuffered (read/write in chunks), so it also works
 * as the end of a pipe that must not sit on data.  -u (POSIX) is the
 * default and is accepted.
 */
#define PROG "cat"
#include <fcntl.h>

#include "util.h"

/* 0 on success, 1 after printing a message. */
static int cat_fd(int fd, const char *name)
{
    bool failed_read;
    if (util_copy_fd(fd, 1, &failed_read) == 0)
        return 0;
    if (failed_read)
        util_warn_errno(name);
    else
        util_warn("write error: %s", strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    int status = 0, i = 1;
    for (; i < argc && strcmp(argv[i], "-u") == 0; i++)
        ;
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i == argc)
        return cat_fd(0, "standard input");
    for (; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            status |= cat_fd(0, "standard input");
            continue;
        }
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            util_warn_errno(argv[i]);
            status = 1;
            continue;
        }
        status |= cat_fd(fd, argv[i]);
        close(fd);
    }
    return status;
}
