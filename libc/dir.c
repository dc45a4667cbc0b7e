/*
 * Directory streams on top of getdents().  A DIR holds the descriptor and
 * one buffer of struct abi_dirent records (include/abi/dirent.h) that
 * readdir() walks by d_reclen, refilling it when it runs dry; the entry
 * readdir() returns is copied out so it stays valid until the next call.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "syscall.h"

#define DIR_BUF_SIZE 4096           /* one page of records per getdents() */

struct mosaic_dir {
    int    fd;
    size_t pos;                     /* next record in buf */
    size_t len;                     /* bytes of records in buf */
    struct dirent entry;            /* what readdir() returned last */
    _Alignas(4) char buf[DIR_BUF_SIZE];
};

int getdents(int fd, void *buf, size_t nbytes)
{
    return SYSCALL(SYS_getdents, fd, buf, nbytes);
}

DIR *fdopendir(int fd)
{
    DIR *dir = malloc(sizeof *dir);
    if (!dir)
        return NULL;
    dir->fd = fd;
    dir->pos = dir->len = 0;
    return dir;
}

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    DIR *dir = fdopendir(fd);
    if (!dir)
        close(fd);
    return dir;
}

/* Is the record at dir->pos whole and sane?  A bad one is the kernel's bug. */
static int record_ok(const DIR *dir, const struct abi_dirent *rec)
{
    size_t room = dir->len - dir->pos;
    return room >= ABI_DIRENT_HDR + 1 && rec->d_reclen >= ABI_DIRENT_HDR + 1 &&
           rec->d_reclen <= room && rec->d_reclen % 4 == 0;
}

struct dirent *readdir(DIR *dir)
{
    if (dir->pos >= dir->len) {
        int n = getdents(dir->fd, dir->buf, sizeof dir->buf);
        if (n <= 0)
            return NULL;            /* end (errno untouched) or error (errno set) */
        dir->pos = 0;
        dir->len = (size_t)n;
    }
    const struct abi_dirent *rec = (const struct abi_dirent *)(dir->buf + dir->pos);
    if (!record_ok(dir, rec)) {
        dir->pos = dir->len;
        errno = EIO;
        return NULL;
    }
    size_t maxname = rec->d_reclen - ABI_DIRENT_HDR;
    size_t namelen = strnlen(rec->d_name, maxname);
    if (namelen > ABI_NAME_MAX)
        namelen = ABI_NAME_MAX;
    dir->entry.d_ino = (ino_t)rec->d_ino;
    dir->entry.d_type = rec->d_type;
    memcpy(dir->entry.d_name, rec->d_name, namelen);
    dir->entry.d_name[namelen] = '\0';
    dir->pos += rec->d_reclen;
    return &dir->entry;
}

void rewinddir(DIR *dir)
{
    lseek(dir->fd, 0, SEEK_SET);
    dir->pos = dir->len = 0;
}

int closedir(DIR *dir)
{
    int r = close(dir->fd);
    free(dir);
    return r;
}

int dirfd(DIR *dir)
{
    return dir->fd;
}
