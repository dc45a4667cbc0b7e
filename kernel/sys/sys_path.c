/*
 * Path system calls: the path is copied in once, then the VFS resolves it
 * from the process's current directory.
 */
#include "kernel/syscall.h"
#include "kernel/proc.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/uvm.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

static struct vnode *cwd(void) { return proc_current()->sys.cwd; }

SYSCALL(mkdir)
{
    char path[ABI_PATH_MAX];
    long r = copyinstr(path, ARG(0), sizeof(path));

    return r < 0 ? r : vfs_mkdir(cwd(), path, ARG(1));
}

SYSCALL(rmdir)
{
    char path[ABI_PATH_MAX];
    long r = copyinstr(path, ARG(0), sizeof(path));

    return r < 0 ? r : vfs_rmdir(cwd(), path);
}

SYSCALL(unlink)
{
    char path[ABI_PATH_MAX];
    long r = copyinstr(path, ARG(0), sizeof(path));

    return r < 0 ? r : vfs_unlink(cwd(), path);
}

SYSCALL(rename)
{
    static char from[ABI_PATH_MAX];     /* two paths do not fit on a kernel stack */
    static struct mutex lock = MUTEX_INIT("sys_rename");
    char to[ABI_PATH_MAX];
    long r;

    if ((r = copyinstr(to, ARG(1), sizeof(to))) < 0)
        return r;
    mutex_lock(&lock);
    r = copyinstr(from, ARG(0), sizeof(from));
    if (r >= 0)
        r = vfs_rename(cwd(), from, to);
    mutex_unlock(&lock);
    return r;
}

SYSCALL(chdir)
{
    char path[ABI_PATH_MAX];
    struct proc *p = proc_current();
    struct vnode *nv;
    long r = copyinstr(path, ARG(0), sizeof(path));

    if (r < 0 || (r = vfs_chdir(p->sys.cwd, path, &nv)) < 0)
        return r;
    vnode_put(p->sys.cwd);
    p->sys.cwd = nv;
    return 0;
}

SYSCALL(getcwd)
{
    char path[ABI_PATH_MAX];
    uint32_t size = ARG(1) < sizeof(path) ? ARG(1) : sizeof(path);
    int r = vfs_getcwd(cwd(), path, size);

    if (r < 0)
        return r;
    return copyout(ARG(0), path, strlen(path) + 1) < 0 ? -EFAULT : (long)strlen(path) + 1;
}
