/*
 * cp [-r|-R] SOURCE DEST | cp [-r] SOURCE... DIRECTORY: copy files; with
 * -r, directories and all they hold.  A DEST that is a directory gets
 * the source's name inside it.  The copy keeps the permission bits (there
 * are no owners or times to keep yet).  Copying a directory into itself
 * is refused.
 */
#define PROG "cp"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "util.h"

static bool recursive;

static int copy_path(const char *src, const char *dst);

static int copy_file(const char *src, const char *dst, mode_t mode)
{
    int in = open(src, O_RDONLY);
    if (in < 0) {
        util_warn("cannot open '%s' for reading: %s", src, strerror(errno));
        return 1;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode & 07777);
    if (out < 0) {
        util_warn("cannot create regular file '%s': %s", dst, strerror(errno));
        close(in);
        return 1;
    }
    bool failed_read;
    int status = 0;
    if (util_copy_fd(in, out, &failed_read) < 0) {
        util_warn("error %s '%s': %s", failed_read ? "reading" : "writing",
                  failed_read ? src : dst, strerror(errno));
        status = 1;
    }
    close(in);
    if (close(out) < 0 && !status) {
        util_warn("error writing '%s': %s", dst, strerror(errno));
        status = 1;
    }
    return status;
}

/* One entry of a directory being copied into the directory ctx. */
static int copy_entry(const char *path, const char *name, void *ctx)
{
    char *target = util_path_join(ctx, name);
    int status = copy_path(path, target);
    free(target);
    return status;
}

static int copy_dir(const char *src, const char *dst, mode_t mode)
{
    struct stat st;
    if (mkdir(dst, mode & 07777) < 0 && !(errno == EEXIST && stat(dst, &st) == 0 && S_ISDIR(st.st_mode))) {
        util_warn("cannot create directory '%s': %s", dst, strerror(errno));
        return 1;
    }
    return util_each_entry(src, copy_entry, (void *)dst);
}

/* Is dst the directory src or inside it?  Compared on absolute paths. */
static bool inside(const char *src, const char *dst)
{
    char a[1024], b[1024], cwd[1024];
    if (!getcwd(cwd, sizeof cwd))
        return false;
    snprintf(a, sizeof a, "%s/%s/", src[0] == '/' ? "" : cwd, src);
    snprintf(b, sizeof b, "%s/%s/", dst[0] == '/' ? "" : cwd, dst);
    return strncmp(a, b, strlen(a)) == 0;
}

static int copy_path(const char *src, const char *dst)
{
    struct stat st;
    if (stat(src, &st) < 0) {
        util_warn("cannot stat '%s': %s", src, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return copy_file(src, dst, st.st_mode);
    if (!recursive) {
        util_warn("-r not specified; omitting directory '%s'", src);
        return 1;
    }
    if (inside(src, dst)) {
        util_warn("cannot copy a directory, '%s', into itself, '%s'", src, dst);
        return 1;
    }
    return copy_dir(src, dst, st.st_mode);
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (const char *o = argv[i] + 1; *o; o++)
            if (*o == 'r' || *o == 'R')
                recursive = true;
            else
                util_die("invalid option -- '%c'", *o);
    }
    return util_each_target(argc, argv, i, copy_path);
}
