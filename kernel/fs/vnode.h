/*
 * VFS internals shared by the file systems in kernel/fs/ (not for the rest
 * of the kernel, which uses vfs.h, file.h, dev.h and procfs.h).
 *
 * All our file systems live in memory, so the name tree is generic: every
 * vnode knows its name, its parent and (directories) its children, and a
 * file system only supplies file contents (fops, priv) and, for procfs,
 * directories whose entries are made up on demand (vnode_ops lookup and
 * readdir).  There are no hard links: a vnode is in at most one directory.
 */
#ifndef FS_VNODE_H
#define FS_VNODE_H

#include <stdint.h>
#include <stdbool.h>
#include "kernel/fs/vfs.h"
#include "kernel/fs/file.h"

#define VFS_PATH_MAX    ABI_PATH_MAX
#define VFS_NAME_MAX    ABI_NAME_MAX

/*
 * getdents offsets: 0 is ".", 1 is "..", then each child's cookie (given
 * in insertion order, never reused, so removing entries while listing
 * skips nothing), then VFS_DYN_BASE + key for made-up entries.
 */
#define VFS_COOKIE_FIRST 2u
#define VFS_DYN_BASE     0x40000000u

struct mount {
    const char *fstype;
    struct vnode *root;
    struct vnode *covered;              /* directory it hides; NULL for / */
    int id;                             /* st_dev */
    bool user_names;                    /* users may create, remove and rename names */
    /* A new empty regular file of this fs (ramfs, one reference), NULL on no memory. */
    struct vnode *(*new_file)(struct mount *m, const char *name, unsigned mode);
};

/* One made-up directory entry (procfs). */
struct dyn_entry {
    uint32_t key;                       /* order and resume point */
    uint32_t ino;
    uint8_t type;                       /* ABI_DT_* */
    char name[32];
};

struct vnode_ops {
    /* Last reference gone after unlink: free v->priv (ramfs pages). */
    void (*release)(struct vnode *v);
    /* Regular files: set the size, freeing or zero-filling.  VFS lock held. */
    int (*truncate)(struct vnode *v, uint32_t size);
    /* Made-up entries, asked after the real children.  VFS lock held. */
    int (*lookup)(struct vnode *dir, const char *name, struct vnode **out);
    int (*readdir)(struct vnode *dir, uint32_t key, struct dyn_entry *e);  /* first with key >= key */
};

#define VN_TEMP  0x1                    /* made up by lookup: holds a ref on parent, never linked */

/*
 * Every field is guarded by the VFS lock.  A vnode is freed when refs and
 * nlink are both 0: refs counts vnode_ref holders (open files, cwds, a
 * lookup in progress), nlink is 1 while the vnode is in a directory.
 */
struct vnode {
    unsigned refs;
    unsigned nlink;
    unsigned vflags;                    /* VN_* */
    uint32_t mode;                      /* ABI_S_IF* | permissions */
    uint32_t ino;
    uint32_t size;                      /* bytes (regular files) */
    uint32_t blocks;                    /* 512-byte units held */
    int16_t rdev;
    struct abi_timespec atime, mtime, ctime;
    char *name;                         /* kmalloc'd; NULL for a root */
    struct mount *mnt;
    struct vnode *parent;               /* NULL for a root or once removed */
    struct vnode *first_child, *last_child, *prev_sib, *next_sib;
    uint32_t cookie;                    /* position in parent's listing */
    uint32_t next_cookie;               /* directories: the next child's */
    struct mount *mounted;              /* a file system mounted here */
    const struct vnode_ops *vops;       /* may be NULL */
    const struct file_ops *fops;        /* how an open of it reads and writes */
    void *priv;                         /* the file system's */
};

/*
 * The one VFS lock, guarding every vnode field, the name tree, file
 * reference counts and offsets.  Today a spinlock (interrupts off); it
 * becomes a sleeping mutex later, so code inside must not sleep, must not
 * take it twice (that panics already) and must not call a driver's file
 * ops.  Lock order: the VFS lock before any lock a procfs provider takes.
 */
void vfs_lock(void);
void vfs_unlock(void);

/* Allocators and tree edits; the caller holds the VFS lock. */
struct vnode *vn_alloc(struct mount *m, uint32_t mode, const char *name);
void vn_ref_locked(struct vnode *v);
void vn_put_locked(struct vnode *v);
void vn_link(struct vnode *dir, struct vnode *child);     /* child gets nlink 1 */
void vn_detach(struct vnode *child);                      /* out of its directory, still alive */
void vn_unlink(struct vnode *child);                      /* nlink 0; freed if unreferenced */
void vn_fill_stat(struct vnode *v, struct abi_stat *st);
struct vnode *vn_child(struct vnode *dir, const char *name);   /* not referenced */
bool vn_is_dir(const struct vnode *v);
struct abi_timespec vfs_now(void);
struct vnode *vfs_root_locked(void);                      /* not referenced */
void vn_touch(struct vnode *v);                           /* mtime = ctime = now */

/* A mount whose root is a fresh directory; file systems call this once. */
struct mount *vfs_new_mount(const char *fstype, bool user_names);
/* Mount m on the directory at path (resolved from /). */
int vfs_mount(struct mount *m, const char *path);

/*
 * Path walking (path.c), VFS lock held.  vfs_walk resolves every
 * component and references the result.  vfs_walk_parent resolves all but
 * the last, references that directory and copies the last name into
 * name[VFS_NAME_MAX + 1] ("" for "/", "." or ".." as written); *slash says
 * the path ended in '/'.
 */
int vfs_walk(struct vnode *cwd, const char *path, struct vnode **out);
int vfs_walk_parent(struct vnode *cwd, const char *path, struct vnode **dir,
                    char *name, bool *slash);
/* One step from dir (a directory) by name, crossing mounts; referenced. */
int vfs_step(struct vnode *dir, const char *name, struct vnode **out);

/*
 * For devfs and procfs registrations: find or make (ignoring user_names)
 * the directories leading to the last component of the relative path;
 * *dir is not referenced, *last points into path.  VFS lock held.
 */
int vfs_kernel_parent(struct vnode *root, const char *path, struct vnode **dir, const char **last);

/* The file systems' set-up.  devfs and procfs make their mount on first use,
 * so drivers may register nodes before vfs_init. */
struct mount *ramfs_create(void);
struct mount *devfs_mount_point(void);
struct mount *procfs_mount_point(void);
void devfs_init(void);                  /* null, zero, full, random */
void procfs_init(void);                 /* meminfo, uptime, cpuinfo, loadavg */
extern const struct file_ops vfs_dir_fops;

#endif
