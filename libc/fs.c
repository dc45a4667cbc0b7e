/*
 * Path name calls: unlink, link, rename, mkdir, rmdir, chdir, getcwd and
 * access.  Paths go to the kernel unchanged; it resolves them against the
 * process's cwd (kept at home, DESIGN.md section 3).
 */
#include <errno.h>
#include <stdio.h>           /* rename */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <abi/fcntl.h>

#include "syscall.h"

int unlink(const char *path)
{
    return SYSCALL(SYS_unlink, path);
}

/* newlib's libc.a refers to link(); the kernel has no hard links yet. */
int link(const char *old, const char *new)
{
#ifdef SYS_link
    return SYSCALL(SYS_link, old, new);
#else
    (void)old;
    (void)new;
    return __set_errno(ENOSYS);
#endif
}

int rename(const char *old, const char *new)
{
    return SYSCALL(SYS_rename, old, new);
}

int mkdir(const char *path, mode_t mode)
{
    return SYSCALL(SYS_mkdir, path, mode);
}

int rmdir(const char *path)
{
    return SYSCALL(SYS_rmdir, path);
}

int chdir(const char *path)
{
    return SYSCALL(SYS_chdir, path);
}

/*
 * The system call fills BUF and returns the length with the NUL (Linux's
 * convention).  As in glibc, BUF == NULL asks us to allocate: SIZE bytes,
 * or ABI_PATH_MAX when SIZE is 0.
 */
char *getcwd(char *buf, size_t size)
{
    char *mine = NULL;
    if (!buf) {
        size = size ? size : ABI_PATH_MAX;
        buf = mine = malloc(size);
        if (!buf)
            return NULL;
    }
    if (SYSCALL(SYS_getcwd, buf, size) < 0) {
        free(mine);
        return NULL;
    }
    return buf;
}

/*
 * There are no users or permission checks yet, so access() only asks
 * whether the file exists, and for X_OK whether any execute bit is set
 * (shells use it to search PATH).
 */
int access(const char *path, int mode)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -1;
    if ((mode & X_OK) && !S_ISDIR(st.st_mode) && !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)))
        return __set_errno(EACCES);
    return 0;
}
