/*
 * Open files (kernel/fs/file.c): what a driver, pipe or file system
 * implements to be read and written through a descriptor.  struct file is
 * the object a descriptor points at; fork and dup share one struct file,
 * so its offset and status flags are shared too.  The generic VFS entry
 * points live in vfs.h; this header is for code that *provides* files.
 */
#ifndef FS_FILE_H
#define FS_FILE_H

#include <stdint.h>
#include "include/abi/stat.h"

struct file;
struct vnode;

/*
 * Every hook is optional.  None is called with the VFS lock held, so a
 * hook may sleep (a tty waiting for input).  read/write use and advance
 * f->off themselves (a device may ignore it) and return bytes moved or
 * -EXXX.  A missing read or write makes open() for that access fail with
 * -EACCES; a missing lseek makes lseek fail with -ESPIPE; a missing ioctl
 * gives -ENOTTY.
 */
struct file_ops {
    int (*open)(struct file *f);        /* f->vn, f->flags, f->priv (the node's) are set */
    void (*close)(struct file *f);      /* the last reference is gone */
    long (*read)(struct file *f, void *buf, unsigned long n);
    /* Optional, beside read: move up to n bytes straight to user memory at
     * ubuf with copyout, for a provider that holds its data in buffers of
     * its own (sockets) and so saves read()'s bounce copy.  The range has
     * been checked (uaccess_check) before the call. */
    long (*read_user)(struct file *f, uint32_t ubuf, unsigned long n);
    long (*write)(struct file *f, const void *buf, unsigned long n);
    long long (*lseek)(struct file *f, long long off, int whence);
    int (*ioctl)(struct file *f, unsigned long req, void *kbuf);
    int (*stat)(struct file *f, struct abi_stat *st);   /* fill in after the generic fields */
    /* What could be done now without blocking: ABI_POLL* bits (include/abi/poll.h).
     * Missing: always readable and writable (regular files).  Called with interrupts off;
     * whoever changes the answer later calls poll_notify() (kernel/poll.h). */
    unsigned (*poll)(struct file *f);
};

/* refs is changed under the VFS lock; off and flags under it too by file.c. */
struct file {
    unsigned refs;
    struct vnode *vn;                   /* referenced; NULL for a pipe or socket */
    unsigned flags;                     /* ABI_O_ACCMODE bits + status flags */
    long long off;
    const struct file_ops *ops;
    void *priv;                         /* the provider's, e.g. procfs text */
};

/*
 * A file not reached through a path (pipes, sockets): one reference, no
 * vnode, ops->open not called.  NULL if out of memory.
 */
struct file *file_alloc(const struct file_ops *ops, void *priv, unsigned flags);

/* lseek for anything with a known size: SEEK_SET/CUR/END, -EINVAL below 0. */
long long file_lseek_sized(struct file *f, long long off, int whence, long long size);

/* lseek that keeps the offset at 0 (Linux's /dev/null and /dev/zero do so). */
long long file_lseek_zero(struct file *f, long long off, int whence);

#endif
