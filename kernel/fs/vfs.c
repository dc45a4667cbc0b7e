/*
 * VFS core: the lock, vnode allocation and reference counts, the generic
 * name tree, the mount table and vfs_init.  Path walking is in path.c,
 * name operations (mkdir, rename, ...) in namei.c, open files in file.c;
 * the file systems themselves in ramfs.c, devfs.c and procfs.c.
 */
#include "kernel/fs/vnode.h"
#include "kernel/fs/initrd.h"
#include "kernel/fs/dev.h"
#include "kernel/fs/procfs.h"
#include "kernel/sync.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

#define VFS_MOUNTS_MAX 8

static struct mount *mounts[VFS_MOUNTS_MAX];
static int nmounts;
static struct mount *root_mount;        /* ramfs at / */
static uint32_t next_ino = 1;
static struct spinlock vfs_spin = SPINLOCK_INIT("vfs");

/*
 * A spinlock (interrupts off, misuse panics) while every file system lives
 * in memory and nothing inside sleeps.  It becomes a sleeping mutex once
 * vfs_init runs after sched_init and something inside needs to sleep
 * (a disk); callers already obey a mutex's rules: no sleeping inside, no
 * taking it twice.
 */
void vfs_lock(void)
{
    spin_lock(&vfs_spin);
}

void vfs_unlock(void)
{
    spin_unlock(&vfs_spin);
}

struct abi_timespec vfs_now(void)
{
    /* No wall clock yet: times count from boot until an RTC driver exists. */
    uint64_t ns = time_ns();
    struct abi_timespec t = { (int64_t)(ns / 1000000000u), (int32_t)(ns % 1000000000u) };
    return t;
}

void vn_touch(struct vnode *v)
{
    v->mtime = v->ctime = vfs_now();
}

bool vn_is_dir(const struct vnode *v)
{
    return ABI_S_ISDIR(v->mode);
}

/* A vnode with one reference (the caller's), in no directory.  NULL if out of memory. */
struct vnode *vn_alloc(struct mount *m, uint32_t mode, const char *name)
{
    struct vnode *v = kzalloc(sizeof(*v));

    if (!v)
        return NULL;
    if (name) {
        size_t n = strlen(name) + 1;
        v->name = kmalloc(n);
        if (!v->name) {
            kfree(v);
            return NULL;
        }
        memcpy(v->name, name, n);
    }
    v->refs = 1;
    v->mode = mode;
    v->ino = next_ino++;
    v->mnt = m;
    v->next_cookie = VFS_COOKIE_FIRST;
    v->atime = v->mtime = v->ctime = vfs_now();
    if (ABI_S_ISDIR(mode))
        v->fops = &vfs_dir_fops;
    return v;
}

void vn_ref_locked(struct vnode *v)
{
    v->refs++;
}

static void vn_free(struct vnode *v)
{
    if (v->vops && v->vops->release)
        v->vops->release(v);
    kfree(v->name);
    kfree(v);
}

/* A made-up vnode holds its parent, so dropping one may free a chain. */
void vn_put_locked(struct vnode *v)
{
    while (v) {
        kassert(v->refs > 0);
        if (--v->refs || v->nlink)
            return;
        struct vnode *parent = (v->vflags & VN_TEMP) ? v->parent : NULL;
        vn_free(v);
        v = parent;
    }
}

void vn_link(struct vnode *dir, struct vnode *child)
{
    child->parent = dir;
    child->prev_sib = dir->last_child;
    child->next_sib = NULL;
    if (dir->last_child)
        dir->last_child->next_sib = child;
    else
        dir->first_child = child;
    dir->last_child = child;
    child->cookie = dir->next_cookie;
    if (dir->next_cookie < VFS_DYN_BASE - 1)    /* saturate rather than collide */
        dir->next_cookie++;
    child->nlink = 1;
    vn_touch(dir);
}

/* Take child out of its directory's list, keeping it alive (rename uses this). */
void vn_detach(struct vnode *child)
{
    struct vnode *dir = child->parent;

    if (child->prev_sib)
        child->prev_sib->next_sib = child->next_sib;
    else
        dir->first_child = child->next_sib;
    if (child->next_sib)
        child->next_sib->prev_sib = child->prev_sib;
    else
        dir->last_child = child->prev_sib;
    child->prev_sib = child->next_sib = NULL;
    child->parent = NULL;
    vn_touch(dir);
}

void vn_unlink(struct vnode *child)
{
    vn_detach(child);
    child->nlink = 0;
    child->ctime = vfs_now();
    if (child->refs == 0)
        vn_free(child);
}

struct vnode *vn_child(struct vnode *dir, const char *name)
{
    for (struct vnode *c = dir->first_child; c; c = c->next_sib)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

/* st_* from the vnode; VFS lock held. */
void vn_fill_stat(struct vnode *v, struct abi_stat *st)
{
    unsigned nlink = (v->vflags & VN_TEMP) ? 1 : v->nlink;

    memset(st, 0, sizeof(*st));
    if (vn_is_dir(v)) {                 /* ".", the entry in the parent, each subdirectory's ".." */
        nlink = 2;
        for (struct vnode *c = v->first_child; c; c = c->next_sib)
            nlink += vn_is_dir(c);
    }
    st->st_dev = (int16_t)v->mnt->id;
    st->st_ino = (uint16_t)v->ino;
    st->st_mode = v->mode;
    st->st_nlink = (uint16_t)nlink;
    st->st_rdev = v->rdev;
    st->st_size = (int32_t)v->size;
    st->st_atim = v->atime;
    st->st_mtim = v->mtime;
    st->st_ctim = v->ctime;
    st->st_blksize = 4096;
    st->st_blocks = (int32_t)v->blocks;
}

struct mount *vfs_new_mount(const char *fstype, bool user_names)
{
    struct mount *m = kzalloc(sizeof(*m));

    if (!m || nmounts == VFS_MOUNTS_MAX)
        panic("vfs: cannot make a %s mount (table full or no memory)", fstype);
    m->fstype = fstype;
    m->user_names = user_names;
    m->id = nmounts + 1;
    m->root = vn_alloc(m, ABI_S_IFDIR | 0755, NULL);
    if (!m->root)
        panic("vfs: no memory for the %s root", fstype);
    m->root->nlink = 1;                 /* never freed */
    mounts[nmounts++] = m;
    return m;
}

int vfs_mount(struct mount *m, const char *path)
{
    struct vnode *dir;
    int r;

    vfs_lock();
    r = vfs_walk(NULL, path, &dir);
    if (r == 0 && (!vn_is_dir(dir) || dir->mounted || dir == dir->mnt->root)) {
        vn_put_locked(dir);
        r = -EBUSY;
    }
    if (r == 0) {
        dir->mounted = m;
        m->covered = dir;               /* keeps the walk's reference */
    }
    vfs_unlock();
    return r;
}

static bool is_dots(const char *name)
{
    return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/*
 * Find or make (ignoring user_names: this is the kernel adding nodes) the
 * directories leading to path's last component.  VFS lock held; *dir is
 * not referenced, *last points into path.
 */
int vfs_kernel_parent(struct vnode *root, const char *path, struct vnode **dir, const char **last)
{
    struct vnode *cur = root;
    char name[VFS_NAME_MAX + 1];
    const char *slash;

    while ((slash = strchr(path, '/')) != NULL) {
        size_t n = (size_t)(slash - path);
        if (n == 0 || n > VFS_NAME_MAX)
            return -EINVAL;
        memcpy(name, path, n);
        name[n] = 0;
        if (is_dots(name))
            return -EINVAL;
        struct vnode *next = vn_child(cur, name);
        if (!next) {
            next = vn_alloc(cur->mnt, ABI_S_IFDIR | 0555, name);
            if (!next)
                return -ENOMEM;
            vn_link(cur, next);
            vn_put_locked(next);        /* held by the tree alone */
        } else if (!vn_is_dir(next)) {
            return -ENOTDIR;
        }
        cur = next;
        path = slash + 1;
    }
    if (!*path || strlen(path) > VFS_NAME_MAX || is_dots(path))
        return -EINVAL;
    *dir = cur;
    *last = path;
    return 0;
}

struct vnode *vfs_root_locked(void)
{
    return root_mount->root;
}

struct vnode *vfs_root(void)
{
    vfs_lock();
    vn_ref_locked(root_mount->root);
    vfs_unlock();
    return root_mount->root;
}

void vnode_ref(struct vnode *v)
{
    vfs_lock();
    vn_ref_locked(v);
    vfs_unlock();
}

void vnode_put(struct vnode *v)
{
    if (!v)
        return;
    vfs_lock();
    vn_put_locked(v);
    vfs_unlock();
}

/* The root's own directories that other file systems hide. */
static void mount_at(struct mount *m, const char *path)
{
    int r = vfs_mkdir(NULL, path, 0755);

    if (r == 0)
        r = vfs_mount(m, path);
    if (r < 0)
        panic("vfs: cannot mount %s at %s (error %d)", m->fstype, path, r);
}

void vfs_init(void)
{
    root_mount = ramfs_create();
    mount_at(devfs_mount_point(), "/dev");
    mount_at(procfs_mount_point(), "/proc");
    devfs_init();
    procfs_init();
    initrd_load();
    kprintf("vfs", "ramfs at /, devfs at /dev, procfs at /proc\n");
}
