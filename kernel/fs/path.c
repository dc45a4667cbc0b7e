/*
 * Path walking: turn "a//b/./c/../d" into a vnode, one component at a
 * time, crossing mount points both ways.  The whole walk runs under the
 * VFS lock (every file system lives in memory, nothing sleeps), so only
 * the result needs a reference; intermediate vnodes are referenced anyway
 * because procfs makes some of them up and frees them on the last put.
 * There are no symbolic links.
 */
#include "kernel/fs/vnode.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

/* The directory ".." names: leave mounted file systems first; / is its own parent. */
static struct vnode *dotdot(struct vnode *v)
{
    while (v == v->mnt->root) {
        if (!v->mnt->covered)
            return v;
        v = v->mnt->covered;
    }
    return v->parent;                   /* NULL once the directory was removed */
}

int vfs_step(struct vnode *dir, const char *name, struct vnode **out)
{
    struct vnode *next;

    if (!vn_is_dir(dir))
        return -ENOTDIR;
    if (strcmp(name, ".") == 0) {
        next = dir;
    } else if (strcmp(name, "..") == 0) {
        next = dotdot(dir);
    } else {
        next = vn_child(dir, name);
        if (!next && dir->vops && dir->vops->lookup) {
            int r = dir->vops->lookup(dir, name, &next);
            if (r < 0)
                return r;
            *out = next;                /* made up, already referenced, never a mount point */
            return 0;
        }
    }
    if (!next)
        return -ENOENT;
    while (next->mounted)
        next = next->mounted->root;
    vn_ref_locked(next);
    *out = next;
    return 0;
}

/* Copy the component at p into name; returns its length or -ENAMETOOLONG. */
static int component(const char *p, char *name)
{
    size_t n = 0;

    while (p[n] && p[n] != '/') {
        if (n == VFS_NAME_MAX)
            return -ENAMETOOLONG;
        name[n] = p[n];
        n++;
    }
    name[n] = 0;
    return (int)n;
}

int vfs_walk_parent(struct vnode *cwd, const char *path, struct vnode **dir,
                    char *name, bool *slash)
{
    size_t len = path ? strnlen(path, VFS_PATH_MAX) : 0;
    struct vnode *cur;
    int n;

    if (!path)
        return -EFAULT;
    if (len == VFS_PATH_MAX)
        return -ENAMETOOLONG;
    if (len == 0)
        return -ENOENT;
    cur = (path[0] == '/' || !cwd) ? vfs_root_locked() : cwd;
    vn_ref_locked(cur);
    name[0] = 0;
    *slash = false;
    for (const char *p = path;;) {
        while (*p == '/')
            p++;
        if (!*p)
            break;                      /* "/" alone, or the slashes after the last name */
        if ((n = component(p, name)) < 0)
            goto fail;
        p += n;
        const char *after = p;
        while (*after == '/')
            after++;
        if (!*after) {                  /* name is the last component */
            *slash = after != p;
            break;
        }
        struct vnode *next;
        if ((n = vfs_step(cur, name, &next)) < 0)
            goto fail;
        vn_put_locked(cur);
        cur = next;
        name[0] = 0;
    }
    if (!vn_is_dir(cur)) {
        n = -ENOTDIR;
        goto fail;
    }
    *dir = cur;
    return 0;
fail:
    vn_put_locked(cur);
    return n;
}

int vfs_walk(struct vnode *cwd, const char *path, struct vnode **out)
{
    char name[VFS_NAME_MAX + 1];
    struct vnode *dir, *v;
    bool slash;
    int r = vfs_walk_parent(cwd, path, &dir, name, &slash);

    if (r < 0)
        return r;
    if (!name[0]) {                     /* the path named a directory: "/" */
        *out = dir;
        return 0;
    }
    r = vfs_step(dir, name, &v);
    vn_put_locked(dir);
    if (r < 0)
        return r;
    if (slash && !vn_is_dir(v)) {       /* "file/" */
        vn_put_locked(v);
        return -ENOTDIR;
    }
    *out = v;
    return 0;
}
