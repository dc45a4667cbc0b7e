/*
 * ramfs: the writable root file system.  Names live in the generic VFS
 * tree (vfs.c); this file keeps the bytes of regular files, in whole
 * physical pages from the page allocator reached through the direct map,
 * indexed by a kmalloc'd array of page addresses (0 = a hole that reads as
 * zeros).  Pages go back to the allocator on truncate and when the last
 * reference to an unlinked file is dropped.
 *
 * Invariant: bytes past the file size inside an allocated page are zero,
 * so growing a file (truncate up, or a write past the end) shows zeros.
 */
#include "kernel/fs/vnode.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

#define RAMFS_MAX_SIZE      0x7FFFFFFFu     /* newlib's off_t is a 32-bit long */
#define RAMFS_RESERVE_PAGES 64              /* never fill the last 256 KiB of RAM with files */

struct ramfs_data {
    uint32_t *pages;                    /* physical page per 4 KiB of the file, 0 = hole */
    uint32_t cap;                       /* entries in pages[] */
    uint32_t used;                      /* pages allocated */
};

static void set_blocks(struct vnode *v)
{
    v->blocks = ((struct ramfs_data *)v->priv)->used * (PAGE_SIZE / 512);
}

/* Make room for index idx in the page array; false if out of memory. */
static bool grow_index(struct ramfs_data *d, uint32_t idx)
{
    uint32_t cap = d->cap ? d->cap : 8;

    while (cap <= idx)
        cap *= 2;
    if (cap == d->cap)
        return true;
    uint32_t *p = kzalloc(cap * sizeof(*p));
    if (!p)
        return false;
    if (d->pages)
        memcpy(p, d->pages, d->cap * sizeof(*p));
    kfree(d->pages);
    d->pages = p;
    d->cap = cap;
    return true;
}

/* The page holding file page idx, allocated (zeroed) if it is a hole; 0 if no memory. */
static uint32_t page_for_write(struct ramfs_data *d, uint32_t idx)
{
    if (idx < d->cap && d->pages[idx])
        return d->pages[idx];
    if (pmm_free_pages() <= RAMFS_RESERVE_PAGES || !grow_index(d, idx))
        return 0;
    uint32_t pa = pmm_alloc();
    if (!pa)
        return 0;
    memset(P2V(pa), 0, PAGE_SIZE);
    d->pages[idx] = pa;
    d->used++;
    return pa;
}

static long ramfs_read(struct file *f, void *buf, unsigned long n)
{
    struct vnode *v = f->vn;
    struct ramfs_data *d = v->priv;
    unsigned long done = 0;

    vfs_lock();
    long long off = f->off;
    if (off >= v->size)
        n = 0;
    else if (n > v->size - off)
        n = (unsigned long)(v->size - off);
    while (done < n) {
        uint32_t pos = (uint32_t)off + done, idx = pos / PAGE_SIZE, in = pos % PAGE_SIZE;
        uint32_t chunk = PAGE_SIZE - in < n - done ? PAGE_SIZE - in : n - done;
        if (idx < d->cap && d->pages[idx])
            memcpy((char *)buf + done, (char *)P2V(d->pages[idx]) + in, chunk);
        else
            memset((char *)buf + done, 0, chunk);
        done += chunk;
    }
    f->off = off + done;
    vfs_unlock();
    return (long)done;
}

/* Copy in as much as memory allows; lock held. */
static unsigned long write_pages(struct ramfs_data *d, uint32_t off, const void *buf, unsigned long n)
{
    unsigned long done = 0;

    while (done < n) {
        uint32_t pos = off + done, idx = pos / PAGE_SIZE, in = pos % PAGE_SIZE;
        uint32_t chunk = PAGE_SIZE - in < n - done ? PAGE_SIZE - in : n - done;
        uint32_t pa = page_for_write(d, idx);
        if (!pa)
            break;
        memcpy((char *)P2V(pa) + in, (const char *)buf + done, chunk);
        done += chunk;
    }
    return done;
}

static long ramfs_write(struct file *f, const void *buf, unsigned long n)
{
    struct vnode *v = f->vn;
    long r;

    vfs_lock();
    long long off = (f->flags & ABI_O_APPEND) ? v->size : f->off;
    if (off >= RAMFS_MAX_SIZE) {
        r = n ? -EFBIG : 0;
    } else {
        if (n > RAMFS_MAX_SIZE - off)
            n = (unsigned long)(RAMFS_MAX_SIZE - off);
        unsigned long done = write_pages(v->priv, (uint32_t)off, buf, n);
        r = done || !n ? (long)done : -ENOSPC;
        f->off = off + done;
        if (off + done > v->size)
            v->size = (uint32_t)(off + done);
        set_blocks(v);
        if (done)
            vn_touch(v);
    }
    vfs_unlock();
    return r;
}

static long long ramfs_lseek(struct file *f, long long off, int whence)
{
    return file_lseek_sized(f, off, whence, f->vn->size);
}

static void free_pages_from(struct ramfs_data *d, uint32_t first)
{
    for (uint32_t i = first; i < d->cap; i++)
        if (d->pages[i]) {
            pmm_unref(d->pages[i]);
            d->pages[i] = 0;
            d->used--;
        }
}

/* Lock held. */
static int ramfs_truncate(struct vnode *v, uint32_t size)
{
    struct ramfs_data *d = v->priv;

    if (size > RAMFS_MAX_SIZE)
        return -EFBIG;
    if (size < v->size) {
        uint32_t keep = (size + PAGE_SIZE - 1) / PAGE_SIZE;
        free_pages_from(d, keep);
        if (size % PAGE_SIZE && keep - 1 < d->cap && d->pages[keep - 1])
            memset((char *)P2V(d->pages[keep - 1]) + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
        if (d->used == 0) {             /* an emptied file gives its index back too */
            kfree(d->pages);
            d->pages = NULL;
            d->cap = 0;
        }
    }
    v->size = size;
    set_blocks(v);
    vn_touch(v);
    return 0;
}

static void ramfs_release(struct vnode *v)
{
    struct ramfs_data *d = v->priv;

    if (!d)
        return;
    free_pages_from(d, 0);
    kfree(d->pages);
    kfree(d);
}

static const struct vnode_ops ramfs_vops = {
    .release = ramfs_release,
    .truncate = ramfs_truncate,
};

static const struct file_ops ramfs_fops = {
    .read = ramfs_read,
    .write = ramfs_write,
    .lseek = ramfs_lseek,
};

static struct vnode *ramfs_new_file(struct mount *m, const char *name, unsigned mode)
{
    struct vnode *v = vn_alloc(m, mode, name);

    if (!v)
        return NULL;
    v->vops = &ramfs_vops;
    v->fops = &ramfs_fops;
    v->priv = kzalloc(sizeof(struct ramfs_data));
    if (!v->priv) {
        vn_put_locked(v);
        return NULL;
    }
    return v;
}

struct mount *ramfs_create(void)
{
    struct mount *m = vfs_new_mount("ramfs", true);

    m->new_file = ramfs_new_file;
    return m;
}
