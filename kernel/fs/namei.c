/*
 * Operations on names: stat, mkdir, rmdir, unlink, rename, chdir, getcwd.
 * Each takes the VFS lock once, walks the path (path.c) and edits the
 * generic name tree (vfs.c).  Only file systems whose mount allows it
 * (ramfs) accept changes from here; devfs and procfs answer -EROFS, their
 * nodes are added by the kernel through dev_register and procfs_register.
 */
#include "kernel/fs/vnode.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

static bool is_dots(const char *name)
{
    return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* A directory that was rmdir'ed while someone still held it. */
static bool vn_removed(const struct vnode *dir)
{
    return dir->nlink == 0 && !(dir->vflags & VN_TEMP);
}

/*
 * The vnode called name in dir, not crossing a mount on it (rmdir and
 * rename act on the covered directory).  Made-up procfs entries exist but
 * cannot change: -EROFS.  Lock held; not referenced.
 */
static int raw_child(struct vnode *dir, const char *name, struct vnode **out)
{
    struct vnode *v = vn_child(dir, name);

    if (v) {
        *out = v;
        return 0;
    }
    if (dir->vops && dir->vops->lookup && dir->vops->lookup(dir, name, &v) == 0) {
        vn_put_locked(v);
        return -EROFS;
    }
    return -ENOENT;
}

int vfs_stat(struct vnode *cwd, const char *path, struct abi_stat *st)
{
    struct vnode *v;
    int r;

    vfs_lock();
    if ((r = vfs_walk(cwd, path, &v)) == 0) {
        vn_fill_stat(v, st);
        vn_put_locked(v);
    }
    vfs_unlock();
    return r;
}

static int mkdir_locked(struct vnode *dir, const char *name, unsigned mode)
{
    struct vnode *v;

    if (!name[0] || is_dots(name))
        return -EEXIST;
    if (raw_child(dir, name, &v) != -ENOENT)
        return -EEXIST;
    if (!dir->mnt->user_names)
        return -EROFS;
    if (vn_removed(dir))
        return -ENOENT;
    v = vn_alloc(dir->mnt, ABI_S_IFDIR | (mode & ABI_S_PERMS), name);
    if (!v)
        return -ENOMEM;
    vn_link(dir, v);
    vn_put_locked(v);
    return 0;
}

int vfs_mkdir(struct vnode *cwd, const char *path, unsigned mode)
{
    char name[VFS_NAME_MAX + 1];
    struct vnode *dir;
    bool slash;
    int r;

    vfs_lock();
    if ((r = vfs_walk_parent(cwd, path, &dir, name, &slash)) == 0) {
        r = mkdir_locked(dir, name, mode);
        vn_put_locked(dir);
    }
    vfs_unlock();
    return r;
}

/* rmdir when dir is a directory: the checks in POSIX's order of errors. */
static int rmdir_locked(struct vnode *dir, const char *name)
{
    struct vnode *v;
    int r;

    if (!name[0])
        return -EBUSY;                  /* "/" or a mount's root */
    if (strcmp(name, ".") == 0)
        return -EINVAL;
    if (strcmp(name, "..") == 0)
        return -ENOTEMPTY;
    if ((r = raw_child(dir, name, &v)) < 0)
        return r;
    if (!vn_is_dir(v))
        return -ENOTDIR;
    if (v->mounted)
        return -EBUSY;
    if (v->first_child)
        return -ENOTEMPTY;
    if (!dir->mnt->user_names)
        return -EROFS;
    vn_unlink(v);                       /* a cwd inside stays valid but empty and nameless */
    return 0;
}

int vfs_rmdir(struct vnode *cwd, const char *path)
{
    char name[VFS_NAME_MAX + 1];
    struct vnode *dir;
    bool slash;
    int r;

    vfs_lock();
    if ((r = vfs_walk_parent(cwd, path, &dir, name, &slash)) == 0) {
        r = rmdir_locked(dir, name);
        vn_put_locked(dir);
    }
    vfs_unlock();
    return r;
}

static int unlink_locked(struct vnode *dir, const char *name, bool slash)
{
    struct vnode *v;
    int r;

    if (!name[0] || is_dots(name))
        return -EISDIR;
    if ((r = raw_child(dir, name, &v)) < 0)
        return r;
    if (vn_is_dir(v))
        return -EISDIR;
    if (slash)
        return -ENOTDIR;
    if (!dir->mnt->user_names)
        return -EROFS;
    vn_unlink(v);                       /* open files keep the data until their last close */
    return 0;
}

int vfs_unlink(struct vnode *cwd, const char *path)
{
    char name[VFS_NAME_MAX + 1];
    struct vnode *dir;
    bool slash;
    int r;

    vfs_lock();
    if ((r = vfs_walk_parent(cwd, path, &dir, name, &slash)) == 0) {
        r = unlink_locked(dir, name, slash);
        vn_put_locked(dir);
    }
    vfs_unlock();
    return r;
}

/* Is directory d the directory v or inside it?  (Both are in one mount.) */
static bool inside(struct vnode *d, struct vnode *v)
{
    for (; d; d = d->parent)
        if (d == v)
            return true;
    return false;
}

/* May dst (if any) be replaced by src? */
static int check_target(struct vnode *src, struct vnode *dst)
{
    if (!dst)
        return 0;
    if (dst->mounted)
        return -EBUSY;
    if (vn_is_dir(src) && !vn_is_dir(dst))
        return -ENOTDIR;
    if (!vn_is_dir(src) && vn_is_dir(dst))
        return -EISDIR;
    if (dst->first_child)
        return -ENOTEMPTY;
    return 0;
}

struct rename_ends {
    struct vnode *fdir, *tdir;
    char fname[VFS_NAME_MAX + 1], tname[VFS_NAME_MAX + 1];
    bool fslash, tslash;
};

static int rename_locked(struct rename_ends *e)
{
    struct vnode *src, *dst = NULL;
    int r;

    if (!e->fname[0] || !e->tname[0])
        return -EBUSY;
    if (is_dots(e->fname) || is_dots(e->tname))
        return -EINVAL;
    if ((r = raw_child(e->fdir, e->fname, &src)) < 0)
        return r;
    if (src->mounted)
        return -EBUSY;
    if (e->fdir->mnt != e->tdir->mnt)
        return -EXDEV;
    if (!e->fdir->mnt->user_names)
        return -EROFS;
    if ((e->fslash || e->tslash) && !vn_is_dir(src))
        return -ENOTDIR;
    if (vn_removed(e->tdir))
        return -ENOENT;
    if ((r = raw_child(e->tdir, e->tname, &dst)) < 0 && r != -ENOENT)
        return r;                       /* dst stays NULL when there is none */
    if (dst == src)
        return 0;
    if (vn_is_dir(src) && inside(e->tdir, src))
        return -EINVAL;                 /* a directory into itself */
    if ((r = check_target(src, dst)) < 0)
        return r;
    size_t n = strlen(e->tname) + 1;
    char *newname = kmalloc(n);         /* before any change, so failure changes nothing */
    if (!newname)
        return -ENOMEM;
    memcpy(newname, e->tname, n);
    if (dst)
        vn_unlink(dst);                 /* an open file of that name lives on, nameless */
    vn_detach(src);
    kfree(src->name);
    src->name = newname;
    vn_link(e->tdir, src);
    src->ctime = vfs_now();
    return 0;
}

int vfs_rename(struct vnode *cwd, const char *from, const char *to)
{
    struct rename_ends *e = kmalloc(sizeof(*e));    /* two names: too big for the stack */
    int r;

    if (!e)
        return -ENOMEM;
    vfs_lock();
    r = vfs_walk_parent(cwd, from, &e->fdir, e->fname, &e->fslash);
    if (r == 0) {
        r = vfs_walk_parent(cwd, to, &e->tdir, e->tname, &e->tslash);
        if (r == 0) {
            r = rename_locked(e);
            vn_put_locked(e->tdir);
        }
        vn_put_locked(e->fdir);
    }
    vfs_unlock();
    kfree(e);
    return r;
}

int vfs_chdir(struct vnode *cwd, const char *path, struct vnode **newcwd)
{
    struct vnode *v;
    int r;

    vfs_lock();
    if ((r = vfs_walk(cwd, path, &v)) == 0 && !vn_is_dir(v)) {
        vn_put_locked(v);
        r = -ENOTDIR;
    }
    if (r == 0)
        *newcwd = v;
    vfs_unlock();
    return r;
}

/* Build the path backwards from the end of buf; returns the start or -EXXX. */
static long getcwd_locked(struct vnode *v, char *buf, unsigned long size)
{
    unsigned long pos = size;

    buf[--pos] = 0;
    for (;;) {
        while (v == v->mnt->root && v->mnt->covered)
            v = v->mnt->covered;
        if (v == v->mnt->root)
            break;
        if (!v->parent)
            return -ENOENT;
        size_t n = strlen(v->name);
        if (pos < n + 1)
            return -ERANGE;
        pos -= n;
        memcpy(buf + pos, v->name, n);
        buf[--pos] = '/';
        v = v->parent;
    }
    if (pos == size - 1) {              /* the root itself */
        if (pos == 0)
            return -ERANGE;
        buf[--pos] = '/';
    }
    return (long)pos;
}

/* Returns the bytes stored, NUL included, as Linux's getcwd system call does. */
int vfs_getcwd(struct vnode *cwd, char *buf, unsigned long size)
{
    long pos;

    if (size == 0)
        return -ERANGE;
    vfs_lock();
    pos = getcwd_locked(cwd ? cwd : vfs_root_locked(), buf, size);
    vfs_unlock();
    if (pos < 0)
        return (int)pos;
    memmove(buf, buf + pos, size - (unsigned long)pos);
    return (int)(size - (unsigned long)pos);
}
