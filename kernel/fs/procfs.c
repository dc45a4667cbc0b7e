/*
 * procfs: the /proc file system.  Registered files (procfs_register) are
 * ordinary nodes in the VFS tree whose open runs a generator into a
 * procbuf that later reads copy from.  /proc/<pid> directories and their
 * files are made up on demand from the pid provider (procfs.h): lookup
 * creates temporary vnodes (VN_TEMP) that vanish with their last
 * reference, and readdir lists the provider's pids after the real
 * entries.  The standard files (meminfo, uptime, ...) are in
 * procfs_files.c.
 */
#include "kernel/fs/vnode.h"
#include "kernel/fs/procfs.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

struct procbuf {
    char *data;
    size_t len, cap;
};

/* What a /proc file node holds: a registered generator, or a pid's file. */
struct proc_node {
    procfs_gen_t gen;
    procfs_write_t write;
    void *arg;
    int pid;                            /* -1 for registered files */
    const char *pidfile;                /* the provider's name for it */
};

/* One open of a /proc file: the snapshot reads come from. */
struct proc_open {
    struct proc_node *node;
    struct procbuf buf;
};

#define PROC_PID_INO 0x8000u            /* inode numbers of made-up nodes: base + pid * 16 + file */

static struct mount *procfs;
static const struct procfs_pid_provider *provider;

/* ---- procbuf ------------------------------------------------------------ */

static int procbuf_reserve(struct procbuf *b, size_t more)
{
    size_t cap = b->cap ? b->cap : 256;

    if (b->len + more + 1 > PROCBUF_MAX)
        return -ENOMEM;
    while (cap < b->len + more + 1)
        cap *= 2;
    if (cap == b->cap)
        return 0;
    char *p = kmalloc(cap);
    if (!p)
        return -ENOMEM;
    if (b->data)
        memcpy(p, b->data, b->len);
    kfree(b->data);
    b->data = p;
    b->cap = cap;
    return 0;
}

int procbuf_printf(struct procbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = kvsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -EINVAL;
    if (!b->data || (size_t)n >= b->cap - b->len) {     /* did not fit: grow and format again */
        if (procbuf_reserve(b, (size_t)n) < 0)
            return -ENOMEM;
        va_start(ap, fmt);
        kvsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
    return 0;
}

int procbuf_write(struct procbuf *b, const void *data, size_t n)
{
    if (procbuf_reserve(b, n) < 0)
        return -ENOMEM;
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return 0;
}

/* ---- /proc files -------------------------------------------------------- */

static int proc_open(struct file *f)
{
    struct proc_open *po = kzalloc(sizeof(*po));
    struct proc_node *node = f->priv;
    int r = 0;

    if (!po)
        return -ENOMEM;
    po->node = node;
    if ((f->flags & ABI_O_ACCMODE) != ABI_O_WRONLY) {
        if (node->pid < 0)
            r = node->gen(&po->buf, node->arg);
        else
            r = provider ? provider->gen(node->pid, node->pidfile, &po->buf) : -ESRCH;
    }
    if (r < 0) {
        kfree(po->buf.data);
        kfree(po);
        return r;
    }
    f->priv = po;
    return 0;
}

static void proc_close(struct file *f)
{
    struct proc_open *po = f->priv;

    kfree(po->buf.data);
    kfree(po);
}

static long proc_read(struct file *f, void *buf, unsigned long n)
{
    struct proc_open *po = f->priv;
    long done = 0;

    vfs_lock();                         /* the offset is shared after fork and dup */
    if (f->off < (long long)po->buf.len) {
        done = (long)(po->buf.len - (size_t)f->off < n ? po->buf.len - (size_t)f->off : n);
        memcpy(buf, po->buf.data + f->off, (size_t)done);
        f->off += done;
    }
    vfs_unlock();
    return done;
}

static long proc_write(struct file *f, const void *buf, unsigned long n)
{
    struct proc_node *node = ((struct proc_open *)f->priv)->node;

    if (node->pid < 0)
        return node->write ? node->write(buf, n, node->arg) : -EACCES;
    if (!provider || !provider->write)
        return -EACCES;
    return provider->write(node->pid, node->pidfile, buf, n);
}

static long long proc_lseek(struct file *f, long long off, int whence)
{
    return file_lseek_sized(f, off, whence, (long long)((struct proc_open *)f->priv)->buf.len);
}

static const struct file_ops proc_fops = {
    .open = proc_open, .close = proc_close, .read = proc_read, .lseek = proc_lseek,
};
static const struct file_ops proc_rw_fops = {
    .open = proc_open, .close = proc_close, .read = proc_read, .write = proc_write,
    .lseek = proc_lseek,
};
static const struct file_ops proc_wo_fops = {
    .open = proc_open, .close = proc_close, .write = proc_write,
};

static const struct file_ops *fops_for(bool readable, bool writable)
{
    return !writable ? &proc_fops : readable ? &proc_rw_fops : &proc_wo_fops;
}

int procfs_register_rw(const char *path, procfs_gen_t gen, procfs_write_t write, void *arg)
{
    struct mount *m = procfs_mount_point();
    struct proc_node *node;
    struct vnode *dir, *v = NULL;
    const char *last;
    int r;

    if (!path || (!gen && !write) || strnlen(path, VFS_PATH_MAX) == VFS_PATH_MAX)
        return -EINVAL;
    if (!(node = kzalloc(sizeof(*node))))
        return -ENOMEM;
    *node = (struct proc_node){ gen, write, arg, -1, NULL };
    vfs_lock();
    r = vfs_kernel_parent(m->root, path, &dir, &last);
    if (r == 0 && vn_child(dir, last))
        r = -EEXIST;
    if (r == 0 && !(v = vn_alloc(m, ABI_S_IFREG | (gen ? 0444 : 0) | (write ? 0200 : 0), last)))
        r = -ENOMEM;
    if (r == 0) {
        v->fops = fops_for(gen != NULL, write != NULL);
        v->priv = node;
        vn_link(dir, v);
        vn_put_locked(v);               /* registered files stay for good */
    }
    vfs_unlock();
    if (r < 0)
        kfree(node);
    return r;
}

int procfs_register(const char *path, procfs_gen_t gen, void *arg)
{
    return procfs_register_rw(path, gen, NULL, arg);
}

/* ---- /proc/<pid> -------------------------------------------------------- */

/* "123" -> 123; -1 for anything but a canonical non-negative decimal. */
static int parse_pid(const char *s)
{
    int pid = 0;

    if (!*s || (s[0] == '0' && s[1]))
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || pid > (0x7FFFFFFF - 9) / 10)
            return -1;
        pid = pid * 10 + (*s - '0');
    }
    return pid;
}

static bool pid_alive(int pid)
{
    return provider && provider->next_pid(pid - 1) == pid;
}

static void proc_temp_release(struct vnode *v)
{
    kfree(v->priv);
}

static const struct vnode_ops pidfile_vops = { .release = proc_temp_release };

/* A made-up vnode under dir: holds a reference on dir until it goes. */
static struct vnode *temp_vnode(struct vnode *dir, uint32_t mode, const char *name, uint32_t ino)
{
    struct vnode *v = vn_alloc(dir->mnt, mode, name);

    if (!v)
        return NULL;
    v->vflags = VN_TEMP;
    v->parent = dir;
    v->ino = ino;
    vn_ref_locked(dir);
    return v;
}

static int piddir_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
    int pid = (int)(intptr_t)dir->priv;

    for (int i = 0; provider && provider->files[i]; i++) {
        if (strcmp(provider->files[i], name) != 0)
            continue;
        if (!pid_alive(pid))
            return -ENOENT;
        struct proc_node *node = kzalloc(sizeof(*node));
        uint32_t mode = ABI_S_IFREG | 0444 | (provider->write ? 0200 : 0);
        struct vnode *v = node ? temp_vnode(dir, mode, name, dir->ino + 1 + (uint32_t)i) : NULL;
        if (!v) {
            kfree(node);
            return -ENOMEM;
        }
        *node = (struct proc_node){ NULL, NULL, NULL, pid, provider->files[i] };
        v->priv = node;
        v->fops = fops_for(true, provider->write != NULL);
        v->vops = &pidfile_vops;
        *out = v;
        return 0;
    }
    return -ENOENT;
}

static int piddir_readdir(struct vnode *dir, uint32_t key, struct dyn_entry *e)
{
    if (!provider || !pid_alive((int)(intptr_t)dir->priv))
        return -ENOENT;
    for (uint32_t i = 0; provider->files[i]; i++) {
        if (i < key)
            continue;
        e->key = i;
        e->ino = dir->ino + 1 + i;
        e->type = ABI_DT_REG;
        strlcpy(e->name, provider->files[i], sizeof(e->name));
        return 0;
    }
    return -ENOENT;
}

static const struct vnode_ops piddir_vops = {
    .lookup = piddir_lookup,
    .readdir = piddir_readdir,
};

static int root_lookup(struct vnode *dir, const char *name, struct vnode **out)
{
    int pid = parse_pid(name);
    struct vnode *v;

    if (pid < 0 || !pid_alive(pid))
        return -ENOENT;
    v = temp_vnode(dir, ABI_S_IFDIR | 0555, name, PROC_PID_INO + (uint32_t)pid * 16);
    if (!v)
        return -ENOMEM;
    v->vops = &piddir_vops;
    v->priv = (void *)(intptr_t)pid;
    *out = v;
    return 0;
}

static int root_readdir(struct vnode *dir, uint32_t key, struct dyn_entry *e)
{
    int pid;

    if (!provider || key > 0x7FFFFFFF)
        return -ENOENT;
    pid = provider->next_pid((int)key - 1);
    if (pid < 0)
        return -ENOENT;
    e->key = (uint32_t)pid;
    e->ino = PROC_PID_INO + (uint32_t)pid * 16;
    e->type = ABI_DT_DIR;
    ksnprintf(e->name, sizeof(e->name), "%d", pid);
    return 0;
}

static const struct vnode_ops root_vops = {
    .lookup = root_lookup,
    .readdir = root_readdir,
};

const struct procfs_pid_provider *procfs_set_pid_provider(const struct procfs_pid_provider *p)
{
    const struct procfs_pid_provider *old;

    vfs_lock();
    old = provider;
    provider = p;
    vfs_unlock();
    return old;
}

/* Made on first use, so subsystems may register files before vfs_init mounts it. */
struct mount *procfs_mount_point(void)
{
    if (!procfs) {
        procfs = vfs_new_mount("procfs", false);
        procfs->root->vops = &root_vops;
        procfs->root->mode = ABI_S_IFDIR | 0555;
    }
    return procfs;
}
