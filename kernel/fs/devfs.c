/*
 * devfs: the /dev file system.  Its nodes are character devices added by
 * drivers through dev_register (dev.h); users cannot create or remove
 * names here (-EROFS).  The simple devices live at the end of this file:
 * null, zero, full and random (xorshift64*, seeded from the TSC and
 * stirred with it on every read: good enough for shuffling and test data,
 * not for keys).
 */
#include "kernel/fs/vnode.h"
#include "kernel/fs/dev.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/log.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

static struct mount *devfs;
static int16_t next_minor = 1;

/* Made on first use, so drivers may register before vfs_init mounts it. */
struct mount *devfs_mount_point(void)
{
    if (!devfs)
        devfs = vfs_new_mount("devfs", false);
    return devfs;
}

int dev_register(const char *name, const struct file_ops *ops, void *priv)
{
    struct mount *m = devfs_mount_point();
    struct vnode *dir, *v;
    const char *last;
    int r;

    if (!name || !ops || strnlen(name, VFS_PATH_MAX) == VFS_PATH_MAX)
        return -EINVAL;
    vfs_lock();
    r = vfs_kernel_parent(m->root, name, &dir, &last);
    if (r == 0 && vn_child(dir, last))
        r = -EEXIST;
    if (r == 0 && !(v = vn_alloc(m, ABI_S_IFCHR | 0666, last)))
        r = -ENOMEM;
    if (r == 0) {
        v->fops = ops;
        v->priv = priv;
        v->rdev = next_minor++;
        vn_link(dir, v);
        vn_put_locked(v);               /* the tree holds it for good */
    }
    vfs_unlock();
    return r;
}

/* ---- the simple devices ------------------------------------------------- */

static long null_read(struct file *f, void *buf, unsigned long n)
{
    return 0;
}

static long sink_write(struct file *f, const void *buf, unsigned long n)
{
    return (long)n;
}

static long zero_read(struct file *f, void *buf, unsigned long n)
{
    memset(buf, 0, n);
    return (long)n;
}

static long full_write(struct file *f, const void *buf, unsigned long n)
{
    return -ENOSPC;
}

static uint64_t rng_state;

/* xorshift64*: the state must never be 0. */
static uint64_t rng_next(void)
{
    uint64_t x = rng_state;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static long random_read(struct file *f, void *buf, unsigned long n)
{
    unsigned char *p = buf;

    rng_state ^= rdtsc() << 17;         /* when the reader came is a little entropy */
    if (!rng_state)
        rng_state = 0x9E3779B97F4A7C15ULL;
    for (unsigned long i = 0; i < n; i += 8) {
        uint64_t r = rng_next();
        memcpy(p + i, &r, n - i < 8 ? n - i : 8);
    }
    return (long)n;
}

static const struct file_ops null_ops = {
    .read = null_read, .write = sink_write, .lseek = file_lseek_zero,
};
static const struct file_ops zero_ops = {
    .read = zero_read, .write = sink_write, .lseek = file_lseek_zero,
};
static const struct file_ops full_ops = {
    .read = zero_read, .write = full_write, .lseek = file_lseek_zero,
};
static const struct file_ops random_ops = {
    .read = random_read, .write = sink_write, .lseek = file_lseek_zero,
};

void devfs_init(void)
{
    static const struct { const char *name; const struct file_ops *ops; } devs[] = {
        { "null", &null_ops }, { "zero", &zero_ops }, { "full", &full_ops },
        { "random", &random_ops }, { "urandom", &random_ops },
    };

    rng_state = rdtsc() | 1;
    for (unsigned i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
        if (dev_register(devs[i].name, devs[i].ops, NULL) < 0)
            kprintf("devfs", "warning: cannot add /dev/%s\n", devs[i].name);
}
