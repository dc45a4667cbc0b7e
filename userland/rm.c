/*
 * rm [-r|-R] [-f] FILE...: remove files, and with -r directories with
 * everything in them (depth first).  -f ignores missing files and makes
 * the exit status 0 for them.  As in GNU rm, removing `.' or `..' or a
 * directory without -r is refused.
 */
#define PROG "rm"
#include <dirent.h>
#include <sys/stat.h>

#include "util.h"

static bool recursive, force;

static int remove_path(const char *path);

static int remove_entry(const char *path, const char *name, void *ctx)
{
    (void)name;
    (void)ctx;
    return remove_path(path);
}

/* Everything inside dir, then dir itself. */
static int remove_tree(const char *dir)
{
    int status = util_each_entry(dir, remove_entry, NULL);
    if (rmdir(dir) < 0) {
        util_warn("cannot remove '%s': %s", dir, strerror(errno));
        return 1;
    }
    return status;
}

static int remove_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        if (force && errno == ENOENT)
            return 0;
        util_warn("cannot remove '%s': %s", path, strerror(errno));
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!recursive) {
            util_warn("cannot remove '%s': Is a directory", path);
            return 1;
        }
        return remove_tree(path);
    }
    if (unlink(path) < 0) {
        util_warn("cannot remove '%s': %s", path, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'r' || *o == 'R')
                recursive = true;
            else if (*o == 'f')
                force = true;
            else
                util_die("invalid option -- '%c'", *o);
        }
    }
    if (i == argc && !force)
        util_die("missing operand");
    for (; i < argc; i++) {
        const char *base = util_basename(argv[i]);
        if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(base, "/") == 0) {
            util_warn("refusing to remove '.', '..' or '/': skipping '%s'", argv[i]);
            status = 1;
            continue;
        }
        status |= remove_path(argv[i]);
    }
    return status;
}
