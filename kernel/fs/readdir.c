/*
 * Directory listing: getdents fills a buffer with struct abi_dirent
 * records (include/abi/dirent.h).  The file offset is a position, not a
 * byte count: 0 ".", 1 "..", then children by cookie (vnode.h), then
 * made-up entries (procfs pids) at VFS_DYN_BASE + key.  Entries removed
 * during a listing skip nothing; entries added may or may not show up.
 */
#include "kernel/fs/vnode.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

struct dirbuf {
    char *buf;
    unsigned long size, used;
    bool full;                          /* an entry did not fit */
};

static uint8_t dt_of(uint32_t mode)
{
    return (uint8_t)((mode & ABI_S_IFMT) >> 12);   /* DT_* numbering is S_IF* >> 12 */
}

/* Append one record; false (and full set) if it does not fit. */
static bool emit(struct dirbuf *d, uint32_t ino, uint8_t type, const char *name)
{
    size_t len = strlen(name);
    unsigned long rec = ABI_DIRENT_RECLEN(len);
    struct abi_dirent *e = (struct abi_dirent *)(d->buf + d->used);

    if (d->size - d->used < rec) {
        d->full = true;
        return false;
    }
    memset(e, 0, rec);                  /* no stale kernel bytes in the padding */
    e->d_ino = ino;
    e->d_reclen = (uint16_t)rec;
    e->d_type = type;
    memcpy(e->d_name, name, len);
    d->used += rec;
    return true;
}

static uint32_t parent_ino(struct vnode *dir)
{
    struct vnode *v = dir;

    while (v == v->mnt->root && v->mnt->covered)
        v = v->mnt->covered;
    return v->parent ? v->parent->ino : dir->ino;
}

/* Real children from position *pos on. */
static void list_children(struct vnode *dir, uint32_t *pos, struct dirbuf *d)
{
    for (struct vnode *c = dir->first_child; c; c = c->next_sib) {
        if (c->cookie < *pos)
            continue;
        if (!emit(d, c->ino, dt_of(c->mode), c->name))
            return;
        *pos = c->cookie + 1;
    }
    *pos = VFS_DYN_BASE;
}

/* Made-up entries from position *pos (>= VFS_DYN_BASE) on. */
static void list_dynamic(struct vnode *dir, uint32_t *pos, struct dirbuf *d)
{
    struct dyn_entry e;

    if (!dir->vops || !dir->vops->readdir)
        return;
    while (*pos != 0xFFFFFFFFu && dir->vops->readdir(dir, *pos - VFS_DYN_BASE, &e) == 0) {
        if (e.key >= 0xFFFFFFFFu - VFS_DYN_BASE || !emit(d, e.ino, e.type, e.name))
            return;
        *pos = VFS_DYN_BASE + e.key + 1;
    }
    *pos = 0xFFFFFFFFu;                 /* the end, until lseek(0) */
}

static void list_locked(struct vnode *dir, uint32_t *pos, struct dirbuf *d)
{
    if (*pos == 0 && emit(d, dir->ino, ABI_DT_DIR, "."))
        *pos = 1;
    if (*pos == 1 && emit(d, parent_ino(dir), ABI_DT_DIR, ".."))
        *pos = VFS_COOKIE_FIRST;
    if (*pos >= VFS_COOKIE_FIRST && *pos < VFS_DYN_BASE && !d->full)
        list_children(dir, pos, d);
    if (*pos >= VFS_DYN_BASE && !d->full)
        list_dynamic(dir, pos, d);
}

int file_getdents(struct file *f, void *buf, unsigned long n)
{
    struct dirbuf d = { buf, n, 0, false };
    uint32_t pos;

    if (!f->vn || !vn_is_dir(f->vn))
        return -ENOTDIR;
    if (n > 0x7FFFFFFF)
        d.size = 0x7FFFFFFF;
    vfs_lock();
    pos = f->off < 0 || f->off > 0xFFFFFFFFLL ? 0xFFFFFFFFu : (uint32_t)f->off;
    list_locked(f->vn, &pos, &d);
    f->off = pos;
    vfs_unlock();
    if (d.used == 0 && d.full)
        return -EINVAL;                 /* not even one record fits */
    return (int)d.used;
}

/* Directories: SEEK_SET to a position getdents handed out (rewinddir, seekdir). */
static long long dir_lseek(struct file *f, long long off, int whence)
{
    if (whence == ABI_SEEK_CUR && off == 0)
        return f->off;
    if (whence != ABI_SEEK_SET || off < 0)
        return -EINVAL;
    vfs_lock();
    f->off = off;
    vfs_unlock();
    return off;
}

const struct file_ops vfs_dir_fops = {
    .lseek = dir_lseek,
};
