/*
 * Open files: vfs_open turns a path into a struct file, and the file_*
 * calls dispatch to the file's ops (file.h), which belong to ramfs, a
 * device or procfs.  The VFS lock is held only for the name lookup and
 * the reference counts, never around an ops hook, so a device may sleep.
 * Directory listing (getdents) is in readdir.c.
 */
#include "kernel/fs/vnode.h"
#include "kernel/log.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

/* Flags that act at open time only and are not kept in f->flags. */
#define OPEN_ONLY_FLAGS (ABI_O_CREAT | ABI_O_EXCL | ABI_O_TRUNC | ABI_O_NOCTTY | ABI_O_CLOEXEC)
#define SETFL_FLAGS     (ABI_O_APPEND | ABI_O_NONBLOCK)

static bool can_read(unsigned flags)
{
    return (flags & ABI_O_ACCMODE) != ABI_O_WRONLY;
}

static bool can_write(unsigned flags)
{
    return (flags & ABI_O_ACCMODE) != ABI_O_RDONLY;
}

/* O_CREAT: find or make the last component.  Lock held; *out referenced. */
static int open_create(struct vnode *cwd, const char *path, int flags, unsigned mode,
                       struct vnode **out)
{
    char name[VFS_NAME_MAX + 1];
    struct vnode *dir, *v;
    bool slash;
    int r = vfs_walk_parent(cwd, path, &dir, name, &slash);

    if (r < 0)
        return r;
    if (!name[0] || slash || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        r = -EISDIR;                    /* O_CREAT of a directory path */
    } else if ((r = vfs_step(dir, name, &v)) == 0) {
        if (flags & ABI_O_EXCL) {
            vn_put_locked(v);
            r = -EEXIST;
        }
    } else if (r == -ENOENT) {
        if (!dir->mnt->user_names || !dir->mnt->new_file)
            r = -EROFS;
        else if (dir->nlink == 0)
            r = -ENOENT;                /* the directory was removed */
        else if (!(v = dir->mnt->new_file(dir->mnt, name, ABI_S_IFREG | (mode & ABI_S_PERMS))))
            r = -ENOSPC;
        else {
            vn_link(dir, v);
            r = 0;
        }
    }
    vn_put_locked(dir);
    if (r == 0)
        *out = v;
    return r;
}

/* Is this access allowed on v?  Truncates for O_TRUNC.  Lock held. */
static int open_check(struct vnode *v, int flags)
{
    bool dir = vn_is_dir(v);

    if ((flags & ABI_O_DIRECTORY) && !dir)
        return -ENOTDIR;
    if (dir && (can_write(flags) || (flags & ABI_O_TRUNC)))
        return -EISDIR;
    if (!v->fops)
        return -ENXIO;
    if (!dir && can_read(flags) && !v->fops->read)
        return -EACCES;
    if (can_write(flags) && !v->fops->write)
        return -EACCES;
    if ((flags & ABI_O_TRUNC) && can_write(flags) && v->vops && v->vops->truncate)
        return v->vops->truncate(v, 0);
    return 0;
}

/* Make the struct file for v (taking the caller's reference) and call its open hook. */
static int open_file(struct vnode *v, int flags, struct file **out)
{
    struct file *f = file_alloc(v->fops, v->priv, (unsigned)flags & ~OPEN_ONLY_FLAGS);
    int r;

    if (!f) {
        vnode_put(v);
        return -ENOMEM;
    }
    f->vn = v;
    if (f->ops->open && (r = f->ops->open(f)) < 0) {
        f->ops = NULL;                  /* no close for a file that never opened */
        file_put(f);
        return r;
    }
    *out = f;
    return 0;
}

int vfs_open(struct vnode *cwd, const char *path, int flags, unsigned mode, struct file **out)
{
    struct vnode *v = NULL;
    int r;

    if ((flags & ABI_O_ACCMODE) == ABI_O_ACCMODE)
        return -EINVAL;
    vfs_lock();
    if (flags & ABI_O_CREAT)
        r = open_create(cwd, path, flags, mode, &v);
    else
        r = vfs_walk(cwd, path, &v);
    if (r == 0 && (r = open_check(v, flags)) < 0)
        vn_put_locked(v);
    vfs_unlock();
    if (r < 0)
        return r;
    return open_file(v, flags, out);
}

struct file *file_alloc(const struct file_ops *ops, void *priv, unsigned flags)
{
    struct file *f = kzalloc(sizeof(*f));

    if (!f)
        return NULL;
    f->refs = 1;
    f->ops = ops;
    f->priv = priv;
    f->flags = flags;
    return f;
}

long file_read(struct file *f, void *buf, unsigned long n)
{
    if (!can_read(f->flags))
        return -EBADF;
    if (f->vn && vn_is_dir(f->vn))
        return -EISDIR;
    if (!f->ops->read)
        return -EINVAL;
    if (n > 0x7FFFFFFF)                 /* the count must fit the return value */
        n = 0x7FFFFFFF;
    return f->ops->read(f, buf, n);
}

long file_read_user(struct file *f, uint32_t ubuf, unsigned long n)
{
    if (!can_read(f->flags))
        return -EBADF;
    if (n > 0x7FFFFFFF)
        n = 0x7FFFFFFF;
    return f->ops->read_user(f, ubuf, n);
}

long file_write(struct file *f, const void *buf, unsigned long n)
{
    if (!can_write(f->flags))
        return -EBADF;
    if (!f->ops->write)
        return -EINVAL;
    if (n > 0x7FFFFFFF)
        n = 0x7FFFFFFF;
    return f->ops->write(f, buf, n);
}

long long file_lseek(struct file *f, long long off, int whence)
{
    if (whence < ABI_SEEK_SET || whence > ABI_SEEK_END)
        return -EINVAL;
    if (!f->ops->lseek)
        return -ESPIPE;
    return f->ops->lseek(f, off, whence);
}

long long file_lseek_sized(struct file *f, long long off, int whence, long long size)
{
    long long base, r;

    vfs_lock();                         /* f->off is shared after fork and dup */
    base = whence == ABI_SEEK_SET ? 0 : whence == ABI_SEEK_CUR ? f->off : size;
    if (whence < ABI_SEEK_SET || whence > ABI_SEEK_END)
        r = -EINVAL;
    else if (off > 0 && base > 0x7FFFFFFFFFFFFFFFLL - off)
        r = -EOVERFLOW;
    else if (base + off < 0)
        r = -EINVAL;
    else
        r = f->off = base + off;
    vfs_unlock();
    return r;
}

long long file_lseek_zero(struct file *f, long long off, int whence)
{
    return 0;
}

int file_stat(struct file *f, struct abi_stat *st)
{
    memset(st, 0, sizeof(*st));
    if (f->vn) {
        vfs_lock();
        vn_fill_stat(f->vn, st);
        vfs_unlock();
    }
    return f->ops && f->ops->stat ? f->ops->stat(f, st) : 0;
}

int file_ioctl(struct file *f, unsigned long req, void *kbuf)
{
    return f->ops->ioctl ? f->ops->ioctl(f, req, kbuf) : -ENOTTY;
}

int file_get_flags(struct file *f)
{
    return (int)f->flags;
}

int file_set_flags(struct file *f, int flags)
{
    vfs_lock();
    f->flags = (f->flags & ~SETFL_FLAGS) | ((unsigned)flags & SETFL_FLAGS);
    vfs_unlock();
    return 0;
}

void file_ref(struct file *f)
{
    vfs_lock();
    f->refs++;
    vfs_unlock();
}

void file_put(struct file *f)
{
    bool last;

    if (!f)
        return;
    vfs_lock();
    kassert(f->refs > 0);
    last = --f->refs == 0;
    vfs_unlock();
    if (!last)
        return;
    if (f->ops && f->ops->close)
        f->ops->close(f);
    vnode_put(f->vn);
    kfree(f);
}
