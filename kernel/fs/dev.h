/*
 * Character devices under /dev (kernel/fs/devfs.c).  A driver registers a
 * node with its file_ops (kernel/fs/file.h) and a private pointer; every
 * open of the node gets a struct file whose priv starts as that pointer.
 * devfs provides null, zero, full and random itself; the tty layer adds
 * console, tty and ttyS0 the same way.
 */
#ifndef FS_DEV_H
#define FS_DEV_H

#include "kernel/fs/file.h"

/*
 * Add /dev/<name> (name may hold '/' for a subdirectory, e.g. "net/tun").
 * May be called before vfs_init.  0, -EEXIST, -EINVAL (bad name) or
 * -ENOMEM.  ops must outlive the node (nodes are never removed).
 */
int dev_register(const char *name, const struct file_ops *ops, void *priv);

#endif
