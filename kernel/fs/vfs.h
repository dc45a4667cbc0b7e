/*
 * The virtual file system: the interface the system call layer uses.
 * Paths are resolved from cwd (NULL = the root) through a tree of vnodes
 * that spans several mounted file systems: ramfs at / (filled from the
 * initrd), devfs at /dev and procfs at /proc.  Implementation: vfs.c
 * (mounts, vnodes, lock), path.c (lookup), namei.c (name operations),
 * file.c (open files); file systems in ramfs.c, devfs.c, procfs.c.
 *
 * Every buffer passed in is a kernel buffer: the syscall layer copies
 * from and to user memory.  Every call returns 0 (or a count) or -EXXX
 * and never panics on bad input.  Flags and modes use include/abi/fcntl.h
 * and include/abi/stat.h values, which equal newlib's.
 */
#ifndef FS_VFS_H
#define FS_VFS_H

#include <stddef.h>
#include <stdint.h>
#include "include/abi/fcntl.h"
#include "include/abi/stat.h"
#include "include/abi/dirent.h"

struct vnode;                           /* a file or directory; refcounted */
struct file;                            /* an open file (kernel/fs/file.h) */

/* Mount ramfs, devfs and procfs and unpack the initrd module into /. */
void vfs_init(void);

/* The root directory, referenced. */
struct vnode *vfs_root(void);
void vnode_ref(struct vnode *v);
void vnode_put(struct vnode *v);

/*
 * Open path with ABI_O_* flags (access mode, O_CREAT, O_EXCL, O_TRUNC,
 * O_APPEND, O_DIRECTORY; others are kept as status flags).  mode is used
 * by O_CREAT.  *out gets one reference.
 */
int vfs_open(struct vnode *cwd, const char *path, int flags, unsigned mode, struct file **out);

long file_read(struct file *f, void *buf, unsigned long n);
/* read() straight into user memory, for files whose ops have read_user. */
long file_read_user(struct file *f, uint32_t ubuf, unsigned long n);
long file_write(struct file *f, const void *buf, unsigned long n);
long long file_lseek(struct file *f, long long off, int whence);
int file_stat(struct file *f, struct abi_stat *st);
/* struct abi_dirent records into buf; bytes written, 0 at the end, -EINVAL if n is too small. */
int file_getdents(struct file *f, void *buf, unsigned long n);
int file_ioctl(struct file *f, unsigned long req, void *kbuf);
void file_ref(struct file *f);
void file_put(struct file *f);
/* fcntl(F_GETFL/F_SETFL): SETFL changes only O_APPEND and O_NONBLOCK. */
int file_get_flags(struct file *f);
int file_set_flags(struct file *f, int flags);

int vfs_stat(struct vnode *cwd, const char *path, struct abi_stat *st);
int vfs_mkdir(struct vnode *cwd, const char *path, unsigned mode);
int vfs_rmdir(struct vnode *cwd, const char *path);
int vfs_unlink(struct vnode *cwd, const char *path);
int vfs_rename(struct vnode *cwd, const char *from, const char *to);
/* *newcwd gets a referenced directory vnode. */
int vfs_chdir(struct vnode *cwd, const char *path, struct vnode **newcwd);
/* The absolute path of cwd; -ERANGE if it does not fit, -ENOENT if cwd was removed. */
int vfs_getcwd(struct vnode *cwd, char *buf, unsigned long size);

#endif
