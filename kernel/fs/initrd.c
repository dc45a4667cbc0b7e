/*
 * Unpacking the initrd into the ramfs root: find the module, walk it with
 * the pure parser (initrd_parse.c) and replay each member through the
 * ordinary VFS calls (mkdir, open, write), so the initrd needs no special
 * path into ramfs.  Bad members give "initrd: warning" lines; whatever
 * parsed before a fatal problem stays.
 */
#include "kernel/fs/initrd.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/file.h"
#include "kernel/bootinfo.h"
#include "kernel/mm/pmm.h"
#include "kernel/log.h"
#include "kernel/mm/kheap.h"
#include "kernel/mm/vm.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

static void warn(struct initrd_counts *c, const char *name, const char *why)
{
    kprintf("initrd", "warning: %s: %s\n", name, why);
    c->warnings++;
}

/* mkdir -p for the directories above name (cpio lists parents first, but need not). */
static void make_parents(struct vnode *dir, const char *name)
{
    size_t n = strlen(name);
    char *path = kmalloc(n + 1);

    if (!path)
        return;
    memcpy(path, name, n + 1);
    for (size_t i = 1; i < n; i++)
        if (path[i] == '/' && path[i - 1] != '/') {
            path[i] = 0;
            vfs_mkdir(dir, path, 0755);         /* -EEXIST is the usual answer */
            path[i] = '/';
        }
    kfree(path);
}

static void add_file(struct vnode *dir, const struct initrd_entry *e, struct initrd_counts *c)
{
    struct file *f;
    int r = vfs_open(dir, e->name, ABI_O_WRONLY | ABI_O_CREAT | ABI_O_TRUNC,
                     e->mode & ABI_S_PERMS, &f);

    if (r < 0) {
        warn(c, e->name, r == -EROFS ? "inside a kernel file system; skipped" : "cannot create");
        return;
    }
    long w = e->size ? file_write(f, e->data, e->size) : 0;
    if (w != (long)e->size)
        warn(c, e->name, "short write (out of memory?)");
    file_put(f);
    c->files++;
}

static void add_entry(struct vnode *dir, const struct initrd_entry *e, struct initrd_counts *c)
{
    make_parents(dir, e->name);
    if (ABI_S_ISREG(e->mode)) {
        add_file(dir, e, c);
        return;
    }
    int r = vfs_mkdir(dir, e->name, e->mode & ABI_S_PERMS);
    if (r < 0 && r != -EEXIST)
        warn(c, e->name, "cannot make the directory");
    else
        c->dirs++;
}

struct initrd_counts initrd_unpack(const void *data, size_t len, struct vnode *dir)
{
    struct initrd_counts c = { 0, 0, 0 };
    struct initrd_iter it;
    struct initrd_entry e;
    enum initrd_status s;

    initrd_iter_init(&it, data, len);
    while ((s = initrd_next(&it, &e)) != INITRD_END) {
        if (s == INITRD_BAD) {
            warn(&c, "archive", it.error);
            break;
        }
        if (s == INITRD_SKIP && it.error)
            warn(&c, e.name, it.error);
        if (s == INITRD_ENTRY)
            add_entry(dir, &e, &c);
    }
    return c;
}

/*
 * Does a module's command line name the initrd?  Yes if a later word is
 * "initrd" (GRUB: "module /boot/x.cpio initrd") or the file's basename is
 * "initrd" or "initrd.<anything>".
 */
static bool names_initrd(const char *s)
{
    const char *base = s;

    for (const char *p = s; *p && *p != ' '; p++)
        if (*p == '/')
            base = p + 1;
    if (strncmp(base, "initrd", 6) == 0 && (base[6] == 0 || base[6] == ' ' || base[6] == '.'))
        return true;
    for (const char *p = s; (p = strchr(p, ' ')) != NULL; p++)
        if (strncmp(p + 1, "initrd", 6) == 0 && (p[7] == 0 || p[7] == ' '))
            return true;
    return false;
}

static const struct boot_module *find_module(void)
{
    for (int i = 0; i < bootinfo.nmodules; i++)
        if (names_initrd(bootinfo.modules[i].name))
            return &bootinfo.modules[i];
    return bootinfo.nmodules == 1 ? &bootinfo.modules[0] : NULL;
}

void initrd_load(void)
{
    const struct boot_module *m = find_module();

    if (!m) {
        kprintf("initrd", "no initrd module; / starts empty\n");
        return;
    }
    if (m->end <= m->start || m->end > DIRECT_MAP_MAX || m->end > bootinfo.ram_top) {
        kprintf("initrd", "warning: module '%s' at %#x-%#x is not in mapped RAM; ignored\n",
                m->name, m->start, m->end);
        return;
    }
    struct initrd_counts c = initrd_unpack(P2V(m->start), m->end - m->start, NULL);
    kprintf("initrd", "'%s': %u files, %u directories, %u KiB%s\n", m->name, c.files, c.dirs,
            (m->end - m->start) / 1024, c.warnings ? " (with warnings)" : "");
    /* everything is in the ramfs now: the archive's pages go back to the allocator */
    kprintf("initrd", "released %u KiB\n", pmm_add_free(&bootinfo.ram, m->start, m->end) * 4);
}
