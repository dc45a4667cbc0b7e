/*
 * File descriptor calls: the names newlib's stdio and reent wrappers call
 * (read, write, open, close, lseek, fstat, stat, fcntl) and the POSIX ones
 * programs use (ioctl, dup, dup2, pipe).  Each maps one to one onto a
 * system call; pointers go to the kernel unchanged and the kernel checks
 * them.  struct stat and the O_/F_ values need no translation: they are
 * the ABI's (libc/abi_check.c proves it at compile time).
 */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syscall.h"

ssize_t read(int fd, void *buf, size_t n)
{
    return SYSCALL(SYS_read, fd, buf, n);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    return SYSCALL(SYS_write, fd, buf, n);
}

/* The mode argument exists only with O_CREAT (POSIX), so read it only then. */
int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return SYSCALL(SYS_open, path, flags, mode);
}

int close(int fd)
{
    return SYSCALL(SYS_close, fd);
}

off_t lseek(int fd, off_t offset, int whence)
{
    return SYSCALL(SYS_lseek, fd, offset, whence);
}

int fstat(int fd, struct stat *st)
{
    return SYSCALL(SYS_fstat, fd, st);
}

int stat(const char *path, struct stat *st)
{
    return SYSCALL(SYS_stat, path, st);
}

/* Every command we support takes an int (or nothing), so read one word. */
int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    return SYSCALL(SYS_fcntl, fd, cmd, arg);
}

/* The argument is a pointer or an int, one word either way. */
int ioctl(int fd, unsigned long request, ...)
{
    va_list ap;
    va_start(ap, request);
    long arg = va_arg(ap, long);
    va_end(ap);
    return SYSCALL(SYS_ioctl, fd, request, arg);
}

int dup(int fd)
{
    return SYSCALL(SYS_dup, fd);
}

int dup2(int fd, int fd2)
{
    return SYSCALL(SYS_dup2, fd, fd2);
}

int pipe(int fds[2])
{
    return SYSCALL(SYS_pipe, fds);
}
