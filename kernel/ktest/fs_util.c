/*
 * Helpers for the file system ktests: whole-file put and get, recursive
 * removal (itself a test of getdents and rmdir), substring search.
 */
#include "kernel/ktest/fs_util.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/string.h"
#include "kernel/lib/printf.h"
#include "include/abi/errno.h"

int fsu_put(const char *path, const char *text)
{
    struct file *f;
    long n = (long)strlen(text);
    int r = vfs_open(NULL, path, ABI_O_WRONLY | ABI_O_CREAT | ABI_O_TRUNC, 0644, &f);

    if (r < 0)
        return r;
    if (n && file_write(f, text, (unsigned long)n) != n)
        r = -EIO;
    file_put(f);
    return r;
}

int fsu_get(const char *path, char *buf, size_t size)
{
    struct file *f;
    long n, len = 0;
    int r = vfs_open(NULL, path, ABI_O_RDONLY, 0, &f);

    if (r < 0)
        return r;
    while (len < (long)size - 1 && (n = file_read(f, buf + len, size - 1 - (size_t)len)) > 0)
        len += n;
    buf[len] = 0;
    file_put(f);
    return (int)len;
}

/* Remove the entries of directory path (one getdents batch at a time, restarting each time). */
static int empty_dir(const char *path, char *child, size_t size)
{
    char buf[256];
    struct file *f;
    int n, r = vfs_open(NULL, path, ABI_O_RDONLY | ABI_O_DIRECTORY, 0, &f);

    if (r < 0)
        return r;
    while (r == 0 && (n = file_getdents(f, buf, sizeof(buf))) > 0)
        for (int off = 0; r == 0 && off < n;) {
            struct abi_dirent *d = (struct abi_dirent *)(buf + off);
            off += d->d_reclen;
            if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
                continue;
            ksnprintf(child, size, "%s/%s", path, d->d_name);
            r = fsu_rm_rf(child);
        }
    file_put(f);
    return r;
}

int fsu_rm_rf(const char *path)
{
    struct abi_stat st;
    int r = vfs_stat(NULL, path, &st);

    if (r < 0 || !ABI_S_ISDIR(st.st_mode))
        return r < 0 ? r : vfs_unlink(NULL, path);
    char *child = kmalloc(ABI_PATH_MAX);
    if (!child)
        return -ENOMEM;
    r = empty_dir(path, child, ABI_PATH_MAX);
    kfree(child);
    return r < 0 ? r : vfs_rmdir(NULL, path);
}

bool fsu_contains(const char *text, const char *needle)
{
    size_t n = strlen(needle);

    for (; *text; text++)
        if (strncmp(text, needle, n) == 0)
            return true;
    return false;
}
