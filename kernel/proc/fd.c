/*
 * File descriptor tables.  A descriptor is an index into the process's
 * system context (it stays home when the process migrates); the struct
 * file behind it is shared by fork and dup, with a reference each.
 */
#include "kernel/proc.h"
#include "kernel/fs/vfs.h"
#include "include/abi/errno.h"

int fd_install(struct proc *p, struct file *f, int min_fd)
{
    for (int fd = min_fd < 0 ? 0 : min_fd; fd < NOFILE; fd++)
        if (!p->sys.files[fd]) {
            p->sys.files[fd] = f;
            p->sys.fd_cloexec[fd] = 0;
            return fd;
        }
    return -EMFILE;
}

struct file *fd_get(struct proc *p, int fd)
{
    if (fd < 0 || fd >= NOFILE)
        return NULL;
    return p->sys.files[fd];
}

int fd_close(struct proc *p, int fd)
{
    struct file *f = fd_get(p, fd);

    if (!f)
        return -EBADF;
    p->sys.files[fd] = NULL;
    p->sys.fd_cloexec[fd] = 0;
    file_put(f);
    return 0;
}
