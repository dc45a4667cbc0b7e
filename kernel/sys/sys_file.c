/*
 * File descriptor system calls.  Data moves between user memory and the
 * VFS through a bounce buffer on the kernel stack, a slice at a time; the
 * VFS only ever sees kernel buffers.
 */
#include "kernel/syscall.h"
#include "kernel/proc.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/file.h"
#include "kernel/mm/uvm.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kheap.h"
#include "include/abi/errno.h"
#include "include/abi/termios.h"
#include "kernel/ipc/pipe.h"

#define SLICE 1024              /* getdents */
#define SMALL 512               /* transfers up to this size use the stack */
#define BIG   65536             /* larger ones move in slices of up to this */

/* A bounce buffer for n bytes: small on the stack, else from the heap. */
static char *bounce(char *small, uint32_t n, uint32_t *slice)
{
    if (n <= SMALL) {
        *slice = SMALL;
        return small;
    }
    *slice = n < BIG ? n : BIG;
    return kmalloc(*slice);
}

static struct file *arg_file(struct syscall_args *args)
{
    return fd_get(proc_current(), (int)ARG(0));
}

SYSCALL(read)
{
    struct file *f = arg_file(args);
    char small[SMALL];
    uint32_t ubuf = ARG(1), n = ARG(2), done = 0, slice;
    char *buf;

    if (!f)
        return -EBADF;
    if (f->ops->read_user) {            /* no bounce: the file copies out itself */
        n = n < BIG ? n : BIG;
        if (uaccess_check(ubuf, n, true) < 0)
            return -EFAULT;
        return file_read_user(f, ubuf, n);
    }
    if (!(buf = bounce(small, n, &slice)))
        return -ENOMEM;
    while (done < n) {
        uint32_t want = n - done < slice ? n - done : slice;
        long r;
        if (uaccess_check(ubuf + done, want, true) < 0) {
            done = done ? done : (uint32_t)-EFAULT;     /* before reading: no data may be lost */
            break;
        }
        r = file_read(f, buf, want);
        if (r < 0 || (r > 0 && copyout(ubuf + done, buf, (size_t)r) < 0)) {
            done = done ? done : (uint32_t)(r < 0 ? r : -EFAULT);
            break;
        }
        done += (uint32_t)r;
        if ((uint32_t)r < want)
            break;                      /* short: end of file, or a device with less to give */
    }
    if (buf != small)
        kfree(buf);
    return (long)done;
}

SYSCALL(write)
{
    struct file *f = arg_file(args);
    char small[SMALL];
    uint32_t ubuf = ARG(1), n = ARG(2), done = 0, slice;
    char *buf;

    if (!f)
        return -EBADF;
    if (!(buf = bounce(small, n, &slice)))
        return -ENOMEM;
    while (done < n) {
        uint32_t want = n - done < slice ? n - done : slice;
        long r;
        if (copyin(buf, ubuf + done, want) < 0) {
            done = done ? done : (uint32_t)-EFAULT;
            break;
        }
        r = file_write(f, buf, want);
        if (r < 0) {
            done = done ? done : (uint32_t)r;
            break;
        }
        done += (uint32_t)r;
        if ((uint32_t)r < want)
            break;
    }
    if (buf != small)
        kfree(buf);
    return (long)done;
}

SYSCALL(open)
{
    char path[ABI_PATH_MAX];
    struct proc *p = proc_current();
    struct file *f;
    long r = copyinstr(path, ARG(0), sizeof(path));
    int fd;

    if (r < 0)
        return r;
    if ((r = vfs_open(p->sys.cwd, path, (int)ARG(1), ARG(2), &f)) < 0)
        return r;
    if ((fd = fd_install(p, f, 0)) < 0) {
        file_put(f);
        return fd;
    }
    p->sys.fd_cloexec[fd] = (ARG(1) & ABI_O_CLOEXEC) != 0;
    return fd;
}

SYSCALL(close) { return fd_close(proc_current(), (int)ARG(0)); }

SYSCALL(lseek)
{
    struct file *f = arg_file(args);
    long long r;

    if (!f)
        return -EBADF;
    r = file_lseek(f, (int32_t)ARG(1), (int)ARG(2));
    return r > 0x7FFFFFFF ? -EOVERFLOW : (long)r;
}

SYSCALL(fstat)
{
    struct file *f = arg_file(args);
    struct abi_stat st;
    int r;

    if (!f)
        return -EBADF;
    memset(&st, 0, sizeof(st));
    if ((r = file_stat(f, &st)) < 0)
        return r;
    return copyout(ARG(1), &st, sizeof(st));
}

SYSCALL(stat)
{
    char path[ABI_PATH_MAX];
    struct abi_stat st;
    long r = copyinstr(path, ARG(0), sizeof(path));

    if (r < 0)
        return r;
    memset(&st, 0, sizeof(st));
    if ((r = vfs_stat(proc_current()->sys.cwd, path, &st)) < 0)
        return r;
    return copyout(ARG(1), &st, sizeof(st));
}

SYSCALL(getdents)
{
    struct file *f = arg_file(args);
    char buf[SLICE];
    uint32_t n = ARG(2) < SLICE ? ARG(2) : SLICE;
    int r;

    if (!f)
        return -EBADF;
    if (uaccess_check(ARG(1), n, true) < 0)
        return -EFAULT;                         /* before reading: no entry may be skipped */
    if ((r = file_getdents(f, buf, n)) <= 0)
        return r;
    return copyout(ARG(1), buf, (size_t)r) < 0 ? -EFAULT : r;
}

SYSCALL(dup)
{
    struct proc *p = proc_current();
    struct file *f = fd_get(p, (int)ARG(0));
    int fd;

    if (!f)
        return -EBADF;
    if ((fd = fd_install(p, f, 0)) >= 0)
        file_ref(f);
    return fd;
}

SYSCALL(dup2)
{
    struct proc *p = proc_current();
    struct file *f = fd_get(p, (int)ARG(0));
    int to = (int)ARG(1);

    if (!f || to < 0 || to >= NOFILE)
        return -EBADF;
    if (to == (int)ARG(0))
        return to;
    fd_close(p, to);
    file_ref(f);
    p->sys.files[to] = f;
    p->sys.fd_cloexec[to] = 0;
    return to;
}

SYSCALL(fcntl)
{
    struct proc *p = proc_current();
    int fd = (int)ARG(0);
    struct file *f = fd_get(p, fd);
    int nfd;

    if (!f)
        return -EBADF;
    switch (ARG(1)) {
    case ABI_F_DUPFD:
        if ((int)ARG(2) < 0 || (int)ARG(2) >= NOFILE)
            return -EINVAL;
        if ((nfd = fd_install(p, f, (int)ARG(2))) >= 0)
            file_ref(f);
        return nfd;
    case ABI_F_GETFD: return p->sys.fd_cloexec[fd] ? ABI_FD_CLOEXEC : 0;
    case ABI_F_SETFD: p->sys.fd_cloexec[fd] = (ARG(2) & ABI_FD_CLOEXEC) != 0; return 0;
    case ABI_F_GETFL: return file_get_flags(f);
    case ABI_F_SETFL: return file_set_flags(f, (int)ARG(2));
    default: return -EINVAL;
    }
}

/* How many bytes each ioctl request reads or writes at its argument. */
static uint32_t ioctl_size(uint32_t req)
{
    switch (req) {
    case ABI_TCGETS: case ABI_TCSETS: case ABI_TCSETSW: case ABI_TCSETSF:
        return sizeof(struct abi_termios);
    case ABI_TIOCGWINSZ: case ABI_TIOCSWINSZ:
        return sizeof(struct abi_winsize);
    case ABI_TIOCGPGRP: case ABI_TIOCSPGRP: case ABI_FIONREAD:
        return sizeof(int);
    default:
        return 0;
    }
}

SYSCALL(ioctl)
{
    struct file *f = arg_file(args);
    uint32_t size = ioctl_size(ARG(1));
    char buf[64];
    int r;

    if (!f)
        return -EBADF;
    if (size == 0)
        return -ENOTTY;
    if (copyin(buf, ARG(2), size) < 0)
        return -EFAULT;
    if ((r = file_ioctl(f, ARG(1), buf)) < 0)
        return r;
    return copyout(ARG(2), buf, size) < 0 ? -EFAULT : r;
}

SYSCALL(pipe)
{
    struct proc *p = proc_current();
    struct file *rd, *wr;
    int fds[2], r = pipe_create(&rd, &wr);

    if (r < 0)
        return r;
    fds[0] = fd_install(p, rd, 0);
    fds[1] = fds[0] < 0 ? -1 : fd_install(p, wr, 0);
    if (fds[1] < 0 || copyout(ARG(0), fds, sizeof(fds)) < 0) {
        if (fds[0] >= 0)
            p->sys.files[fds[0]] = NULL;
        if (fds[1] >= 0)
            p->sys.files[fds[1]] = NULL;
        file_put(rd);
        file_put(wr);
        return fds[1] < 0 ? -EMFILE : -EFAULT;
    }
    return 0;
}
