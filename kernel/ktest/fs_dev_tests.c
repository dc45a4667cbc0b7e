/*
 * Kernel tests of the file systems the kernel fills itself: devfs
 * (/dev/null, zero, full, random, a device registered by a test), procfs
 * (the standard files, registered files with write handlers, /proc/<pid>
 * from a fake pid provider) and the initrd reader (archives built here
 * byte by byte: good, truncated at every length, bad magic, hostile names).
 */
#include "kernel/ktest/ktest.h"
#include "kernel/ktest/fs_util.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/dev.h"
#include "kernel/fs/procfs.h"
#include "kernel/fs/initrd.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/string.h"
#include "kernel/lib/printf.h"
#include "include/abi/errno.h"

/* A device's ioctl answers with its private value. */
static int test_ioctl(struct file *f, unsigned long req, void *kbuf)
{
    return req == 0x1234 ? (int)(intptr_t)f->priv : -EINVAL;
}

static const struct file_ops ioctl_only_ops = { .ioctl = test_ioctl };

KTEST(fs_dev_basic)
{
    char buf[64];
    struct file *f;
    struct abi_stat st;

    KT_CHECK(vfs_open(NULL, "/dev/null", ABI_O_RDWR, 0, &f) == 0);
    KT_CHECK(file_read(f, buf, sizeof(buf)) == 0 && file_write(f, "gone", 4) == 4);
    KT_CHECK(file_lseek(f, 100, ABI_SEEK_SET) == 0);
    KT_CHECK(file_stat(f, &st) == 0 && ABI_S_ISCHR(st.st_mode) && st.st_rdev != 0);
    file_put(f);
    KT_CHECK(vfs_open(NULL, "/dev/zero", ABI_O_RDONLY, 0, &f) == 0);
    memset(buf, 0xAA, sizeof(buf));
    KT_CHECK(file_read(f, buf, 33) == 33 && buf[0] == 0 && buf[32] == 0 && buf[33] == (char)0xAA);
    file_put(f);
    KT_CHECK(vfs_open(NULL, "/dev/full", ABI_O_WRONLY, 0, &f) == 0);
    KT_CHECK(file_write(f, "x", 1) == -ENOSPC);
    file_put(f);
    KT_CHECK(vfs_mkdir(NULL, "/dev/kt", 0755) == -EROFS);
    KT_CHECK(vfs_open(NULL, "/dev/kt", ABI_O_RDWR | ABI_O_CREAT, 0644, &f) == -EROFS);
}

KTEST(fs_dev_random)
{
    uint32_t a[16], b[16];
    struct file *f;
    int zero = 0, same = 0;

    KT_CHECK(vfs_open(NULL, "/dev/random", ABI_O_RDONLY, 0, &f) == 0);
    KT_CHECK(file_read(f, a, sizeof(a)) == sizeof(a) && file_read(f, b, 7) == 7);
    KT_CHECK(file_read(f, b, sizeof(b)) == sizeof(b));
    file_put(f);
    for (int i = 0; i < 16; i++) {
        zero += a[i] == 0;
        same += a[i] == b[i];
    }
    KT_CHECK(zero < 2 && same < 2);
    /* the bits are roughly balanced */
    unsigned ones = 0;
    for (int i = 0; i < 16; i++)
        ones += (unsigned)__builtin_popcount(a[i]) + (unsigned)__builtin_popcount(b[i]);
    KT_CHECK(ones > 400 && ones < 624);                             /* of 1024 */
}

KTEST(fs_dev_register)
{
    struct abi_stat st;
    struct file *f;

    KT_CHECK(dev_register("kt_dev", &ioctl_only_ops, (void *)(intptr_t)77) == 0);
    KT_CHECK(dev_register("kt_dev", &ioctl_only_ops, NULL) == -EEXIST);
    KT_CHECK(dev_register("kt_sub/inner", &ioctl_only_ops, (void *)(intptr_t)5) == 0);
    KT_CHECK(dev_register("../evil", &ioctl_only_ops, NULL) == -EINVAL);
    KT_CHECK(dev_register("", &ioctl_only_ops, NULL) == -EINVAL);
    KT_CHECK(dev_register("kt_x", NULL, NULL) == -EINVAL);
    KT_CHECK(vfs_stat(NULL, "/dev/kt_sub/inner", &st) == 0 && ABI_S_ISCHR(st.st_mode));
    KT_CHECK(vfs_open(NULL, "/dev/kt_dev", ABI_O_RDONLY, 0, &f) == -EACCES);  /* no read op */
    KT_CHECK(vfs_open(NULL, "/dev/kt_sub/inner", ABI_O_WRONLY, 0, &f) == -EACCES);
}

/* A readable file with an ioctl: opens for reading through /dev. */
static long kt_read(struct file *f, void *buf, unsigned long n)
{
    memset(buf, 'k', n);
    return (long)n;
}

static const struct file_ops kt_readable_ops = { .read = kt_read, .ioctl = test_ioctl };

KTEST(fs_dev_ioctl)
{
    struct file *f;
    char c;

    KT_CHECK(dev_register("kt_ioctl", &kt_readable_ops, (void *)(intptr_t)9) == 0);
    KT_CHECK(vfs_open(NULL, "/dev/kt_ioctl", ABI_O_RDONLY, 0, &f) == 0);
    KT_CHECK(file_read(f, &c, 1) == 1 && c == 'k');
    KT_CHECK(file_ioctl(f, 0x1234, NULL) == 9 && file_ioctl(f, 1, NULL) == -EINVAL);
    KT_CHECK(file_lseek(f, 0, ABI_SEEK_SET) == -ESPIPE);
    KT_CHECK(file_write(f, "x", 1) == -EBADF);
    file_put(f);
}

/* ---- procfs -------------------------------------------------------------- */

static int kt_value = 42;
static char kt_written[16];

static int gen_value(struct procbuf *b, void *arg)
{
    return procbuf_printf(b, "%d\n", *(int *)arg);
}

static long write_value(const char *buf, unsigned long n, void *arg)
{
    size_t k = n < sizeof(kt_written) - 1 ? n : sizeof(kt_written) - 1;

    memcpy(kt_written, buf, k);
    kt_written[k] = 0;
    return (long)n;
}

/* Lots of text: the buffer must grow past its first size. */
static int gen_big(struct procbuf *b, void *arg)
{
    int r = 0;

    for (int i = 0; i < 2000 && r == 0; i++)
        r = procbuf_printf(b, "line %04d\n", i);
    return r;
}

/* Set la and read it back; the loadavg thread's own update may slip in between, so retry. */
static bool loadavg_shows(const struct procfs_loadavg *la, const char *want, char *buf)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        procfs_set_loadavg(la);
        if (fsu_get("/proc/loadavg", buf, 64) > 0 && strcmp(buf, want) == 0)
            return true;
    }
    return false;
}

KTEST(fs_procfs_files)
{
    char *buf = kmalloc(32768);
    struct file *f;

    if (!buf) {
        KT_CHECK(!"no memory");
        return;
    }
    KT_CHECK(fsu_get("/proc/meminfo", buf, 32768) > 0);
    KT_CHECK(fsu_contains(buf, "MemTotal:") && fsu_contains(buf, "MemFree:") && fsu_contains(buf, " kB\n"));
    KT_CHECK(fsu_get("/proc/uptime", buf, 32768) >= 10);
    KT_CHECK(buf[0] >= '0' && buf[0] <= '9' && fsu_contains(buf, ".") && fsu_contains(buf, " 0.00\n"));
    KT_CHECK(fsu_get("/proc/cpuinfo", buf, 32768) > 0 && fsu_contains(buf, "vendor_id\t: "));
    KT_CHECK(fsu_contains(buf, "cpu MHz"));
    /* the scheduler's loadavg thread owns the figures: only the shape is known here */
    KT_CHECK(fsu_get("/proc/loadavg", buf, 32768) > 0 && buf[1] == '.' && fsu_contains(buf, "/"));
    KT_CHECK(loadavg_shows(&(struct procfs_loadavg){ { 150, 7, 1234 }, 2, 9, 33 },
                           "1.50 0.07 12.34 2/9 33\n", buf));
    procfs_set_loadavg(&(struct procfs_loadavg){ { 0, 0, 0 }, 1, 1, 1 });
    KT_CHECK(vfs_open(NULL, "/proc/meminfo", ABI_O_WRONLY, 0, &f) == -EACCES);
    KT_CHECK(vfs_unlink(NULL, "/proc/meminfo") == -EROFS);
    /* registered files, in subdirectories, with a write handler */
    KT_CHECK(procfs_register("kt/sub/value", gen_value, &kt_value) == 0);
    KT_CHECK(procfs_register("kt/sub/value", gen_value, &kt_value) == -EEXIST);
    KT_CHECK(procfs_register_rw("kt/switch", gen_value, write_value, &kt_value) == 0);
    KT_CHECK(procfs_register("kt/big", gen_big, NULL) == 0);
    KT_CHECK(procfs_register("kt/../x", gen_value, &kt_value) == -EINVAL);
    KT_CHECK(fsu_get("/proc/kt/sub/value", buf, 32768) == 3 && strcmp(buf, "42\n") == 0);
    KT_CHECK(fsu_put("/proc/kt/switch", "on\n") == 0 && strcmp(kt_written, "on\n") == 0);
    KT_CHECK(fsu_put("/proc/kt/sub/value", "x") == -EACCES);
    KT_CHECK(fsu_get("/proc/kt/big", buf, 32768) == 20000 && fsu_contains(buf, "line 1999\n"));
    /* a reader sees the text as it was at open */
    KT_CHECK(vfs_open(NULL, "/proc/kt/sub/value", ABI_O_RDONLY, 0, &f) == 0);
    kt_value = 7;
    KT_CHECK(file_read(f, buf, 10) == 3 && buf[0] == '4');
    KT_CHECK(file_lseek(f, 1, ABI_SEEK_SET) == 1 && file_read(f, buf, 10) == 2 && buf[0] == '2');
    file_put(f);
    KT_CHECK(fsu_get("/proc/kt/sub/value", buf, 32768) == 2);
    kfree(buf);
}

/* A fake process table: pids 1, 7 and 42; "kill" drops 42. */
static int fake_pids[] = { 1, 7, 42 };
static int fake_count = 3;
static const char *const fake_files[] = { "stat", "status", "cmdline", NULL };

static int fake_next(int after)
{
    for (int i = 0; i < fake_count; i++)
        if (fake_pids[i] > after)
            return fake_pids[i];
    return -1;
}

static int fake_gen(int pid, const char *file, struct procbuf *b)
{
    if (fake_next(pid - 1) != pid)
        return -ESRCH;
    return procbuf_printf(b, "%d %s\n", pid, file);
}

static const struct procfs_pid_provider fake_provider = { fake_next, fake_files, fake_gen, NULL };

/* Names listed in path, comma separated. */
static int list_names(const char *path, char *out, size_t size)
{
    char buf[128];
    struct file *f;
    int n, r = vfs_open(NULL, path, ABI_O_RDONLY | ABI_O_DIRECTORY, 0, &f);

    if (r < 0)
        return r;
    out[0] = 0;
    while ((n = file_getdents(f, buf, sizeof(buf))) > 0)
        for (int off = 0; off < n; off += ((struct abi_dirent *)(buf + off))->d_reclen)
            ksnprintf(out + strlen(out), size - strlen(out), "%s,", ((struct abi_dirent *)(buf + off))->d_name);
    file_put(f);
    return n;
}

KTEST(fs_procfs_pids)
{
    const struct procfs_pid_provider *old = procfs_set_pid_provider(&fake_provider);
    struct kheap_stats h0, h1;
    struct vnode *cwd;
    char names[512], buf[64];

    kheap_check(&h0);
    KT_CHECK(list_names("/proc", names, sizeof(names)) == 0);
    KT_CHECK(fsu_contains(names, ",meminfo,") && fsu_contains(names, ",1,7,42,"));
    KT_CHECK(list_names("/proc/42", names, sizeof(names)) == 0 && strcmp(names, ".,..,stat,status,cmdline,") == 0);
    KT_CHECK(fsu_get("/proc/7/status", buf, sizeof(buf)) > 0 && strcmp(buf, "7 status\n") == 0);
    KT_CHECK(fsu_get("/proc/42/../7/stat", buf, sizeof(buf)) > 0 && strcmp(buf, "7 stat\n") == 0);
    KT_CHECK(fsu_get("/proc/8/stat", buf, sizeof(buf)) == -ENOENT);
    KT_CHECK(fsu_get("/proc/007/stat", buf, sizeof(buf)) == -ENOENT);
    KT_CHECK(fsu_get("/proc/7/nope", buf, sizeof(buf)) == -ENOENT);
    KT_CHECK(fsu_put("/proc/7/stat", "x") == -EACCES);
    KT_CHECK(vfs_rmdir(NULL, "/proc/7") == -EROFS);
    KT_CHECK(vfs_stat(NULL, "/proc/7", &(struct abi_stat){0}) == 0);
    KT_CHECK(vfs_chdir(NULL, "/proc/42", &cwd) == 0);
    KT_CHECK(vfs_getcwd(cwd, buf, sizeof(buf)) > 0 && strcmp(buf, "/proc/42") == 0);
    fake_count = 2;                                                 /* 42 exits */
    KT_CHECK(vfs_stat(cwd, "stat", &(struct abi_stat){0}) == -ENOENT);
    KT_CHECK(list_names("/proc", names, sizeof(names)) == 0 && !fsu_contains(names, ",42,"));
    vnode_put(cwd);
    fake_count = 3;
    kheap_check(&h1);
    KT_CHECK(h1.used_bytes == h0.used_bytes);                       /* made-up vnodes are gone */
    procfs_set_pid_provider(old);
}

/* ---- initrd ---------------------------------------------------------------- */

/* Append one newc member at pos; returns the new length. */
static size_t cpio_add(uint8_t *buf, size_t pos, const char *name, uint32_t mode, const char *data)
{
    size_t nsz = strlen(name) + 1, dsz = data ? strlen(data) : 0;

    ksnprintf((char *)buf + pos, 111, "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
              (unsigned)pos, mode, 0u, 0u, 1u, 0u, (unsigned)dsz, 0u, 0u, 0u, 0u, (unsigned)nsz, 0u);
    pos += 110;
    memcpy(buf + pos, name, nsz);
    for (pos += nsz; pos % 4; pos++)
        buf[pos] = 0;
    memcpy(buf + pos, data, dsz);
    for (pos += dsz; pos % 4; pos++)
        buf[pos] = 0;
    return pos;
}

static size_t build_archive(uint8_t *a)
{
    size_t n = 0;

    n = cpio_add(a, n, ".", ABI_S_IFDIR | 0755, NULL);
    n = cpio_add(a, n, "./etc", ABI_S_IFDIR | 0755, NULL);
    n = cpio_add(a, n, "etc/motd", ABI_S_IFREG | 0644, "welcome\n");
    n = cpio_add(a, n, "/bin/sh", ABI_S_IFREG | 0755, "#!");          /* parent not listed */
    n = cpio_add(a, n, "../evil", ABI_S_IFREG | 0644, "x");
    n = cpio_add(a, n, "etc/../../evil2", ABI_S_IFREG | 0644, "x");
    n = cpio_add(a, n, "lnk", ABI_S_IFLNK | 0777, "etc/motd");
    n = cpio_add(a, n, "empty", ABI_S_IFREG | 0600, NULL);
    return cpio_add(a, n, "TRAILER!!!", 0, NULL);
}

/* Walk an archive; counts of entries and skips, and the final status. */
static int walk(const uint8_t *a, size_t len, int *entries, int *skips)
{
    struct initrd_iter it;
    struct initrd_entry e;
    int s, guard = 0;

    *entries = *skips = 0;
    initrd_iter_init(&it, a, len);
    while ((s = initrd_next(&it, &e)) > 0 && guard++ < 100) {
        *entries += s == INITRD_ENTRY;
        *skips += s == INITRD_SKIP;
    }
    return s;
}

KTEST(fs_initrd_parse)
{
    uint8_t *a = kzalloc(2048);
    int entries, skips;
    struct initrd_iter it;
    struct initrd_entry e;

    if (!a) {
        KT_CHECK(!"no memory");
        return;
    }
    size_t len = build_archive(a);
    KT_CHECK(walk(a, len, &entries, &skips) == INITRD_END && entries == 4 && skips == 4);
    initrd_iter_init(&it, a, len);
    KT_CHECK(initrd_next(&it, &e) == INITRD_SKIP && it.error == NULL);      /* "." */
    KT_CHECK(initrd_next(&it, &e) == INITRD_ENTRY && strcmp(e.name, "etc") == 0 && ABI_S_ISDIR(e.mode));
    KT_CHECK(initrd_next(&it, &e) == INITRD_ENTRY && e.size == 8 && memcmp(e.data, "welcome\n", 8) == 0);
    KT_CHECK(initrd_next(&it, &e) == INITRD_ENTRY && strcmp(e.name, "bin/sh") == 0);
    KT_CHECK(initrd_next(&it, &e) == INITRD_SKIP && it.error != NULL);      /* ".." */
    /* cut anywhere: a clean stop, never a read past the end (only the trailer's padding may go) */
    for (size_t cut = 0; cut < len; cut++) {
        int s = walk(a, cut, &entries, &skips);
        KT_CHECK((s == INITRD_BAD || (s == INITRD_END && cut > len - 4)) && entries <= 4);
    }
    a[1] = '8';                                                     /* "080701" */
    KT_CHECK(walk(a, len, &entries, &skips) == INITRD_BAD && entries == 0);
    a[1] = '7';
    const size_t second = 112, namesize = 6 + 11 * 8;             /* "." takes 110 + 2 bytes */
    memcpy(a + second + namesize, "FFFFFFFF", 8);
    KT_CHECK(walk(a, len, &entries, &skips) == INITRD_BAD && entries == 0 && skips == 1);
    memcpy(a + second + namesize, "0000000x", 8);                   /* not hex */
    KT_CHECK(walk(a, len, &entries, &skips) == INITRD_BAD);
    kfree(a);
}

KTEST(fs_initrd_unpack)
{
    uint8_t *a = kzalloc(2048);
    char buf[32];
    struct vnode *dir;
    struct abi_stat st;

    if (!a) {
        KT_CHECK(!"no memory");
        return;
    }
    size_t len = build_archive(a);
    KT_CHECK(vfs_mkdir(NULL, "/kt_i", 0755) == 0);
    if (vfs_chdir(NULL, "/kt_i", &dir) < 0) {
        KT_CHECK(!"cannot enter /kt_i");
        kfree(a);
        return;
    }
    struct initrd_counts c = initrd_unpack(a, len, dir);
    KT_CHECK(c.files == 3 && c.dirs == 1 && c.warnings == 3);
    KT_CHECK(fsu_get("/kt_i/etc/motd", buf, sizeof(buf)) == 8 && strcmp(buf, "welcome\n") == 0);
    KT_CHECK(fsu_get("/kt_i/bin/sh", buf, sizeof(buf)) == 2);
    KT_CHECK(vfs_stat(NULL, "/kt_i/bin/sh", &st) == 0 && (st.st_mode & ABI_S_PERMS) == 0755);
    KT_CHECK(vfs_stat(NULL, "/kt_i/empty", &st) == 0 && st.st_size == 0);
    KT_CHECK(vfs_stat(NULL, "/evil", &st) == -ENOENT && vfs_stat(NULL, "/kt_i/lnk", &st) == -ENOENT);
    vnode_put(dir);
    KT_CHECK(fsu_rm_rf("/kt_i") == 0 && vfs_mkdir(NULL, "/kt_i", 0755) == 0);
    if (vfs_chdir(NULL, "/kt_i", &dir) < 0) {
        KT_CHECK(!"cannot enter /kt_i again");
        kfree(a);
        return;
    }
    c = initrd_unpack(a, len - 200, dir);                          /* truncated: keeps the start */
    KT_CHECK(c.files >= 1 && c.warnings >= 1);
    KT_CHECK(fsu_get("/kt_i/etc/motd", buf, sizeof(buf)) == 8);
    vnode_put(dir);
    KT_CHECK(fsu_rm_rf("/kt_i") == 0);
    kfree(a);
}
