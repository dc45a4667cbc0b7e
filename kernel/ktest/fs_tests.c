/*
 * Kernel tests of the VFS and ramfs through the interface the system
 * calls use (kernel/fs/vfs.h): reading and writing, seeking, appending,
 * truncating, directories, unlink while open, rename, directory listing,
 * path edge cases, the working directory, and memory coming back from big
 * and deleted files.  Devices, procfs and the initrd are tested in
 * fs_dev_tests.c.  Each test works in a directory of its own and removes it.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/ktest/fs_util.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/string.h"
#include "kernel/lib/printf.h"
#include "kernel/log.h"
#include "include/abi/errno.h"

#define RW_CREAT (ABI_O_RDWR | ABI_O_CREAT)

/* Heap bytes in use: a test that cleans up after itself leaves this unchanged. */
static size_t heap_used(void)
{
    struct kheap_stats h;

    kheap_check(&h);
    return h.used_bytes;
}

KTEST(fs_read_write_seek)
{
    struct file *f, *ro;
    struct abi_stat st;
    char buf[128];

    KT_CHECK(vfs_mkdir(NULL, "/kt_rw", 0755) == 0);
    KT_CHECK(vfs_open(NULL, "/kt_rw/f", RW_CREAT, 0644, &f) == 0);
    KT_CHECK(file_write(f, "hello world", 11) == 11);
    KT_CHECK(file_lseek(f, 0, ABI_SEEK_SET) == 0);
    KT_CHECK(file_read(f, buf, sizeof(buf)) == 11 && memcmp(buf, "hello world", 11) == 0);
    KT_CHECK(file_read(f, buf, sizeof(buf)) == 0);                  /* at the end */
    KT_CHECK(file_lseek(f, -5, ABI_SEEK_END) == 6);
    KT_CHECK(file_read(f, buf, 5) == 5 && memcmp(buf, "world", 5) == 0);
    KT_CHECK(file_lseek(f, -2, ABI_SEEK_CUR) == 9);
    KT_CHECK(file_lseek(f, -100, ABI_SEEK_CUR) == -EINVAL);
    KT_CHECK(file_lseek(f, 0, 7) == -EINVAL);
    /* a write past the end leaves a hole of zeros */
    KT_CHECK(file_lseek(f, 5000, ABI_SEEK_SET) == 5000);
    KT_CHECK(file_write(f, "x", 1) == 1);
    KT_CHECK(file_stat(f, &st) == 0 && st.st_size == 5001 && ABI_S_ISREG(st.st_mode));
    KT_CHECK((st.st_mode & ABI_S_PERMS) == 0644 && st.st_nlink == 1 && st.st_blocks == 16);
    KT_CHECK(file_lseek(f, 4090, ABI_SEEK_SET) == 4090);
    memset(buf, 0xAA, sizeof(buf));
    KT_CHECK(file_read(f, buf, 20) == 20 && buf[0] == 0 && buf[19] == 0);
    /* access modes are enforced */
    KT_CHECK(vfs_open(NULL, "/kt_rw/f", ABI_O_RDONLY, 0, &ro) == 0);
    KT_CHECK(file_write(ro, "x", 1) == -EBADF);
    KT_CHECK(file_getdents(ro, buf, sizeof(buf)) == -ENOTDIR);
    KT_CHECK(file_ioctl(ro, 1, NULL) == -ENOTTY);
    file_put(ro);
    KT_CHECK(vfs_open(NULL, "/kt_rw/f", ABI_O_WRONLY, 0, &ro) == 0);
    KT_CHECK(file_read(ro, buf, 1) == -EBADF);
    file_put(ro);
    KT_CHECK(vfs_open(NULL, "/kt_rw/f", ABI_O_ACCMODE, 0, &ro) == -EINVAL);
    file_put(f);
    KT_CHECK(fsu_rm_rf("/kt_rw") == 0);
}

KTEST(fs_append_trunc_excl)
{
    struct file *a, *b;
    char buf[64];

    KT_CHECK(vfs_mkdir(NULL, "/kt_at", 0755) == 0);
    KT_CHECK(fsu_put("/kt_at/log", "one\n") == 0);
    KT_CHECK(vfs_open(NULL, "/kt_at/log", ABI_O_WRONLY | ABI_O_APPEND, 0, &a) == 0);
    KT_CHECK(file_lseek(a, 0, ABI_SEEK_SET) == 0);
    KT_CHECK(file_write(a, "two\n", 4) == 4);                       /* still at the end */
    KT_CHECK(file_get_flags(a) == (ABI_O_WRONLY | ABI_O_APPEND));
    KT_CHECK(file_set_flags(a, 0) == 0 && file_get_flags(a) == ABI_O_WRONLY);
    KT_CHECK(file_lseek(a, 0, ABI_SEEK_SET) == 0 && file_write(a, "ONE\n", 4) == 4);
    file_put(a);
    KT_CHECK(fsu_get("/kt_at/log", buf, sizeof(buf)) == 8 && strcmp(buf, "ONE\ntwo\n") == 0);
    /* two opens have their own offsets; a shared struct file has one */
    KT_CHECK(vfs_open(NULL, "/kt_at/log", ABI_O_RDONLY, 0, &a) == 0);
    KT_CHECK(vfs_open(NULL, "/kt_at/log", ABI_O_RDONLY, 0, &b) == 0);
    KT_CHECK(file_read(a, buf, 4) == 4 && file_read(b, buf, 4) == 4 && file_lseek(b, 0, ABI_SEEK_CUR) == 4);
    file_ref(a);                                                    /* as dup() does */
    KT_CHECK(file_read(a, buf, 4) == 4 && memcmp(buf, "two\n", 4) == 0);
    KT_CHECK(file_lseek(a, 0, ABI_SEEK_CUR) == 8);
    file_put(a);
    file_put(a);
    file_put(b);
    /* O_TRUNC empties, O_EXCL refuses an existing name, plain open needs one */
    KT_CHECK(vfs_open(NULL, "/kt_at/log", ABI_O_WRONLY | ABI_O_TRUNC, 0, &a) == 0);
    file_put(a);
    KT_CHECK(fsu_get("/kt_at/log", buf, sizeof(buf)) == 0);
    KT_CHECK(vfs_open(NULL, "/kt_at/log", RW_CREAT | ABI_O_EXCL, 0644, &a) == -EEXIST);
    KT_CHECK(vfs_open(NULL, "/kt_at/new", ABI_O_RDWR, 0, &a) == -ENOENT);
    KT_CHECK(vfs_open(NULL, "/kt_at/new", RW_CREAT | ABI_O_EXCL, 0600, &a) == 0);
    file_put(a);
    KT_CHECK(vfs_open(NULL, "/kt_at/new", ABI_O_RDONLY | ABI_O_DIRECTORY, 0, &a) == -ENOTDIR);
    KT_CHECK(vfs_open(NULL, "/kt_at", ABI_O_WRONLY, 0, &a) == -EISDIR);
    KT_CHECK(vfs_open(NULL, "/kt_at", RW_CREAT, 0644, &a) == -EISDIR);
    KT_CHECK(vfs_open(NULL, "/kt_at", ABI_O_RDONLY | ABI_O_DIRECTORY, 0, &a) == 0);
    KT_CHECK(file_read(a, buf, sizeof(buf)) == -EISDIR);
    file_put(a);
    KT_CHECK(fsu_rm_rf("/kt_at") == 0);
}

KTEST(fs_mkdir_rmdir_unlink)
{
    struct abi_stat st;
    size_t used0 = heap_used();

    KT_CHECK(vfs_mkdir(NULL, "/kt_d", 0700) == 0);
    KT_CHECK(vfs_mkdir(NULL, "/kt_d/sub", 0755) == 0);
    KT_CHECK(vfs_mkdir(NULL, "/kt_d", 0755) == -EEXIST);
    KT_CHECK(vfs_mkdir(NULL, "/kt_d/no/such", 0755) == -ENOENT);
    KT_CHECK(vfs_stat(NULL, "/kt_d", &st) == 0 && ABI_S_ISDIR(st.st_mode));
    KT_CHECK((st.st_mode & ABI_S_PERMS) == 0700 && st.st_nlink == 3);
    KT_CHECK(vfs_rmdir(NULL, "/kt_d") == -ENOTEMPTY);
    KT_CHECK(vfs_unlink(NULL, "/kt_d/sub") == -EISDIR);
    KT_CHECK(fsu_put("/kt_d/file", "x") == 0);
    KT_CHECK(vfs_rmdir(NULL, "/kt_d/file") == -ENOTDIR);
    KT_CHECK(vfs_unlink(NULL, "/kt_d/file/") == -ENOTDIR);
    KT_CHECK(vfs_unlink(NULL, "/kt_d/file") == 0);
    KT_CHECK(vfs_unlink(NULL, "/kt_d/file") == -ENOENT);
    KT_CHECK(vfs_rmdir(NULL, "/kt_d/sub/.") == -EINVAL);
    KT_CHECK(vfs_rmdir(NULL, "/kt_d/sub/") == 0);
    KT_CHECK(vfs_rmdir(NULL, "/kt_d") == 0);
    KT_CHECK(vfs_stat(NULL, "/kt_d", &st) == -ENOENT);
    /* the root, mount points and kernel file systems stay put */
    KT_CHECK(vfs_rmdir(NULL, "/") == -EBUSY);
    KT_CHECK(vfs_rmdir(NULL, "/dev") == -EBUSY);
    KT_CHECK(vfs_unlink(NULL, "/dev/null") == -EROFS);
    KT_CHECK(vfs_mkdir(NULL, "/proc/kt_none", 0755) == -EROFS);
    KT_CHECK(vfs_mkdir(NULL, "/dev", 0755) == -EEXIST);
    KT_CHECK(heap_used() == used0);
}

KTEST(fs_unlink_while_open)
{
    struct file *f, *g;
    char buf[16];
    size_t used0 = heap_used();

    KT_CHECK(vfs_mkdir(NULL, "/kt_u", 0755) == 0);
    KT_CHECK(vfs_open(NULL, "/kt_u/tmp", RW_CREAT, 0644, &f) == 0);
    KT_CHECK(file_write(f, "kept", 4) == 4);
    KT_CHECK(vfs_open(NULL, "/kt_u/tmp", ABI_O_RDONLY, 0, &g) == 0);
    KT_CHECK(vfs_unlink(NULL, "/kt_u/tmp") == 0);
    KT_CHECK(fsu_get("/kt_u/tmp", buf, sizeof(buf)) == -ENOENT);
    KT_CHECK(file_read(g, buf, sizeof(buf)) == 4 && memcmp(buf, "kept", 4) == 0);
    KT_CHECK(file_write(f, "more", 4) == 4);                        /* still writable */
    KT_CHECK(file_read(g, buf, sizeof(buf)) == 4 && memcmp(buf, "more", 4) == 0);
    file_put(f);
    KT_CHECK(file_lseek(g, 0, ABI_SEEK_SET) == 0 && file_read(g, buf, sizeof(buf)) == 8);
    file_put(g);                                                    /* now it goes */
    /* a new file of the same name is a new file */
    KT_CHECK(fsu_put("/kt_u/tmp", "new") == 0);
    KT_CHECK(fsu_get("/kt_u/tmp", buf, sizeof(buf)) == 3);
    KT_CHECK(fsu_rm_rf("/kt_u") == 0);
    KT_CHECK(heap_used() == used0);
}

KTEST(fs_rename)
{
    struct file *old;
    char buf[16];
    size_t used0 = heap_used();

    KT_CHECK(vfs_mkdir(NULL, "/kt_r", 0755) == 0);
    KT_CHECK(vfs_mkdir(NULL, "/kt_r/a", 0755) == 0);
    KT_CHECK(vfs_mkdir(NULL, "/kt_r/b", 0755) == 0);
    KT_CHECK(fsu_put("/kt_r/a/x", "X") == 0);
    KT_CHECK(vfs_rename(NULL, "/kt_r/a/x", "/kt_r/a/y") == 0);      /* within a directory */
    KT_CHECK(fsu_get("/kt_r/a/x", buf, sizeof(buf)) == -ENOENT);
    KT_CHECK(fsu_get("/kt_r/a/y", buf, sizeof(buf)) == 1);
    KT_CHECK(vfs_rename(NULL, "/kt_r/a/y", "/kt_r/b/z") == 0);      /* across directories */
    KT_CHECK(fsu_get("/kt_r/b/z", buf, sizeof(buf)) == 1 && buf[0] == 'X');
    /* onto an existing file: the old one lives on while open */
    KT_CHECK(fsu_put("/kt_r/b/w", "W") == 0);
    KT_CHECK(vfs_open(NULL, "/kt_r/b/w", ABI_O_RDONLY, 0, &old) == 0);
    KT_CHECK(vfs_rename(NULL, "/kt_r/b/z", "/kt_r/b/w") == 0);
    KT_CHECK(fsu_get("/kt_r/b/w", buf, sizeof(buf)) == 1 && buf[0] == 'X');
    KT_CHECK(file_read(old, buf, sizeof(buf)) == 1 && buf[0] == 'W');
    file_put(old);
    KT_CHECK(vfs_rename(NULL, "/kt_r/b/w", "/kt_r/b/w") == 0);      /* onto itself */
    /* directories */
    KT_CHECK(vfs_rename(NULL, "/kt_r/a", "/kt_r/a/inner") == -EINVAL);
    KT_CHECK(vfs_rename(NULL, "/kt_r/b/w", "/kt_r/a") == -EISDIR);
    KT_CHECK(vfs_rename(NULL, "/kt_r/a", "/kt_r/b/w") == -ENOTDIR);
    KT_CHECK(vfs_rename(NULL, "/kt_r/a", "/kt_r/b") == -ENOTEMPTY);
    KT_CHECK(vfs_rename(NULL, "/kt_r/b", "/kt_r/a") == 0);          /* onto an empty directory */
    KT_CHECK(fsu_get("/kt_r/a/w", buf, sizeof(buf)) == 1);
    KT_CHECK(vfs_rename(NULL, "/kt_r/a", "/kt_r/c/") == 0);
    KT_CHECK(fsu_get("/kt_r/c/w", buf, sizeof(buf)) == 1);
    /* errors */
    KT_CHECK(vfs_rename(NULL, "/kt_r/nothing", "/kt_r/n2") == -ENOENT);
    KT_CHECK(vfs_rename(NULL, "/kt_r/c/w", "/kt_r/nodir/w") == -ENOENT);
    KT_CHECK(vfs_rename(NULL, "/kt_r/c/w", "/dev/w") == -EXDEV);
    KT_CHECK(vfs_rename(NULL, "/dev", "/kt_r/dev") == -EBUSY);
    KT_CHECK(vfs_rename(NULL, "/kt_r/c/.", "/kt_r/d") == -EINVAL);
    KT_CHECK(fsu_rm_rf("/kt_r") == 0);
    KT_CHECK(heap_used() == used0);
}

/* List path, bufsize bytes per getdents, into names ("./,../,a,sub/,"); the count or -EXXX. */
static int list(const char *path, unsigned long bufsize, char *names, size_t size)
{
    char buf[160];
    struct file *f;
    int n, count = 0;

    if ((n = vfs_open(NULL, path, ABI_O_RDONLY | ABI_O_DIRECTORY, 0, &f)) < 0)
        return n;
    names[0] = 0;
    while ((n = file_getdents(f, buf, bufsize)) > 0)
        for (int off = 0; off < n; count++) {
            struct abi_dirent *d = (struct abi_dirent *)(buf + off);
            KT_CHECK(d->d_reclen % 4 == 0 && d->d_reclen >= ABI_DIRENT_RECLEN(strlen(d->d_name)));
            KT_CHECK(d->d_ino != 0);
            size_t used = strlen(names);
            ksnprintf(names + used, size - used, "%s%s,", d->d_name, d->d_type == ABI_DT_DIR ? "/" : "");
            off += d->d_reclen;
        }
    file_put(f);
    return n < 0 ? n : count;
}

KTEST(fs_getdents)
{
    char names[256], buf[64];
    struct file *f;
    size_t used0 = heap_used();

    KT_CHECK(vfs_mkdir(NULL, "/kt_g", 0755) == 0);
    KT_CHECK(fsu_put("/kt_g/a", "") == 0 && fsu_put("/kt_g/bb", "") == 0);
    KT_CHECK(fsu_put("/kt_g/ccc", "") == 0 && vfs_mkdir(NULL, "/kt_g/sub", 0755) == 0);
    KT_CHECK(list("/kt_g", 160, names, sizeof(names)) == 6);
    KT_CHECK(strcmp(names, "./,../,a,bb,ccc,sub/,") == 0);
    KT_CHECK(list("/kt_g", 16, names, sizeof(names)) == 6);        /* one record per call */
    KT_CHECK(strcmp(names, "./,../,a,bb,ccc,sub/,") == 0);
    KT_CHECK(list("/kt_g", 8, names, sizeof(names)) == -EINVAL);   /* not even one fits */
    KT_CHECK(list("/kt_g/a", 160, names, sizeof(names)) == -ENOTDIR);
    KT_CHECK(list("/", 160, names, sizeof(names)) > 4);
    KT_CHECK(fsu_contains(names, ",dev/,") && fsu_contains(names, ",proc/,") && fsu_contains(names, ",kt_g/,"));
    /* removing entries while listing skips nothing that is left */
    KT_CHECK(vfs_open(NULL, "/kt_g", ABI_O_RDONLY, 0, &f) == 0);
    KT_CHECK(file_getdents(f, buf, 48) == 12 + 12 + 12 + 12);     /* ".", "..", "a", "bb" */
    KT_CHECK(vfs_unlink(NULL, "/kt_g/a") == 0 && vfs_unlink(NULL, "/kt_g/bb") == 0);
    KT_CHECK(file_getdents(f, buf, sizeof(buf)) == 12 + 12);       /* "ccc", "sub" */
    KT_CHECK(strcmp(((struct abi_dirent *)buf)->d_name, "ccc") == 0);
    KT_CHECK(file_getdents(f, buf, sizeof(buf)) == 0);
    KT_CHECK(file_lseek(f, 0, ABI_SEEK_SET) == 0 && file_getdents(f, buf, sizeof(buf)) > 0);
    file_put(f);
    KT_CHECK(fsu_rm_rf("/kt_g") == 0);
    KT_CHECK(heap_used() == used0);
}

KTEST(fs_path_edges)
{
    struct abi_stat st, st2;
    struct file *f;
    char *long_path = kmalloc(5000), name[300], buf[16];

    KT_CHECK(vfs_mkdir(NULL, "/kt_p", 0755) == 0 && vfs_mkdir(NULL, "/kt_p/a", 0755) == 0);
    KT_CHECK(vfs_mkdir(NULL, "/kt_p/a/b", 0755) == 0 && vfs_mkdir(NULL, "/kt_p/a/b/c/", 0755) == 0);
    KT_CHECK(fsu_put("/kt_p/a/b/d", "D") == 0);
    KT_CHECK(fsu_get("/kt_p/a//b/./c/../d", buf, sizeof(buf)) == 1);
    KT_CHECK(fsu_get("//kt_p///a/b/c/../../b/d", buf, sizeof(buf)) == 1);
    KT_CHECK(vfs_stat(NULL, "/kt_p/a/", &st) == 0 && ABI_S_ISDIR(st.st_mode));
    KT_CHECK(vfs_stat(NULL, "/kt_p/a/b/d/", &st) == -ENOTDIR);
    KT_CHECK(vfs_stat(NULL, "/kt_p/a/b/d/x", &st) == -ENOTDIR);
    KT_CHECK(vfs_open(NULL, "/kt_p/a/b/d/", ABI_O_RDONLY, 0, &f) == -ENOTDIR);
    KT_CHECK(vfs_open(NULL, "/kt_p/new/", ABI_O_RDWR | ABI_O_CREAT, 0644, &f) == -EISDIR);
    KT_CHECK(vfs_stat(NULL, "/kt_p/missing/d", &st) == -ENOENT);
    KT_CHECK(vfs_stat(NULL, "", &st) == -ENOENT);
    /* ".." stops at / and leaves mounted file systems */
    KT_CHECK(vfs_stat(NULL, "/", &st) == 0 && vfs_stat(NULL, "/../..", &st2) == 0);
    KT_CHECK(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
    KT_CHECK(vfs_stat(NULL, "/dev/..", &st2) == 0 && st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
    KT_CHECK(vfs_stat(NULL, "/dev", &st) == 0 && st.st_dev != st2.st_dev);   /* devfs's root */
    /* lengths: NAME_MAX per component, PATH_MAX with the NUL */
    memset(name, 'n', sizeof(name));
    memcpy(name, "/kt_p/", 6);
    name[6 + ABI_NAME_MAX] = 0;
    KT_CHECK(fsu_put(name, "long") == 0 && fsu_get(name, buf, sizeof(buf)) == 4);
    KT_CHECK(vfs_unlink(NULL, name) == 0);
    name[6 + ABI_NAME_MAX] = 'n';
    name[6 + ABI_NAME_MAX + 1] = 0;
    KT_CHECK(fsu_put(name, "x") == -ENAMETOOLONG && vfs_mkdir(NULL, name, 0755) == -ENAMETOOLONG);
    if (long_path) {
        for (int i = 0; i < 4999; i++)
            long_path[i] = i % 2 ? '.' : '/';                       /* "/./././..." */
        long_path[4999] = 0;
        KT_CHECK(vfs_stat(NULL, long_path, &st) == -ENAMETOOLONG);
        long_path[ABI_PATH_MAX - 1] = 0;                            /* 4095 bytes: fine */
        KT_CHECK(vfs_stat(NULL, long_path, &st) == 0);
        kfree(long_path);
    }
    KT_CHECK(fsu_rm_rf("/kt_p") == 0);
}

KTEST(fs_cwd)
{
    struct vnode *cwd, *sub, *root = vfs_root();
    char buf[64];

    KT_CHECK(vfs_getcwd(root, buf, sizeof(buf)) == 2 && strcmp(buf, "/") == 0);
    KT_CHECK(vfs_getcwd(NULL, buf, 1) == -ERANGE);
    KT_CHECK(vfs_mkdir(root, "kt_c", 0755) == 0 && vfs_mkdir(NULL, "/kt_c/x", 0755) == 0);
    KT_CHECK(vfs_chdir(root, "kt_c/x", &cwd) == 0);
    KT_CHECK(vfs_getcwd(cwd, buf, sizeof(buf)) == 8 && strcmp(buf, "/kt_c/x") == 0);
    KT_CHECK(vfs_getcwd(cwd, buf, 7) == -ERANGE);
    KT_CHECK(fsu_put("/kt_c/f", "F") == 0);
    KT_CHECK(vfs_stat(cwd, "../f", &(struct abi_stat){0}) == 0);
    KT_CHECK(vfs_chdir(cwd, "../f", &sub) == -ENOTDIR);
    KT_CHECK(vfs_chdir(cwd, "/dev", &sub) == 0);
    KT_CHECK(vfs_getcwd(sub, buf, sizeof(buf)) == 5 && strcmp(buf, "/dev") == 0);
    vnode_put(sub);
    /* the working directory removed under us: still held, but empty and nameless */
    KT_CHECK(vfs_rmdir(NULL, "/kt_c/x") == 0);
    KT_CHECK(vfs_getcwd(cwd, buf, sizeof(buf)) == -ENOENT);
    KT_CHECK(vfs_stat(cwd, "..", &(struct abi_stat){0}) == -ENOENT);
    KT_CHECK(fsu_put("/kt_c/x/new", "") == -ENOENT);
    KT_CHECK(vfs_mkdir(cwd, "new", 0755) == -ENOENT);
    KT_CHECK(vfs_stat(cwd, ".", &(struct abi_stat){0}) == 0);
    vnode_put(cwd);
    KT_CHECK(fsu_rm_rf("/kt_c") == 0);
    vnode_put(root);
}

/* Pages the heap took from the page allocator since h0 (it never gives them back). */
/* Pages the heap gained since h0 (negative if it gave pages back). */
static int32_t heap_growth(const struct kheap_stats *h0)
{
    struct kheap_stats h;

    kheap_check(&h);
    return (int32_t)(((int64_t)h.heap_bytes - (int64_t)h0->heap_bytes) / 4096);
}

/* Write size bytes of a pattern into path; the bytes written. */
static unsigned long write_pattern(const char *path, unsigned long size, char *chunk, unsigned long csize)
{
    struct file *f;
    unsigned long done = 0;
    long n = 0;

    if (vfs_open(NULL, path, ABI_O_WRONLY | ABI_O_CREAT | ABI_O_TRUNC, 0644, &f) < 0)
        return 0;
    while (done < size && n >= 0) {
        for (unsigned long i = 0; i < csize; i += 512)
            chunk[i] = (char)((done + i) / 512);
        n = file_write(f, chunk, csize < size - done ? csize : size - done);
        done += n > 0 ? (unsigned long)n : 0;
        if (n == 0)
            break;
    }
    file_put(f);
    return done;
}

/* 4 MiB written, checked, truncated, rewritten and deleted: every page comes back. */
KTEST(fs_big_file)
{
    const unsigned long size = 4u << 20, csize = 16384;
    struct kheap_stats h0, h1;
    struct file *f;
    char probe[4];

    kheap_check(&h0);
    uint32_t before = pmm_free_pages();
    char *chunk = kmalloc(csize);
    if (!chunk) {
        KT_CHECK(!"no memory for the chunk");
        return;
    }
    KT_CHECK(write_pattern("/kt_big", size, chunk, csize) == size);
    KT_CHECK(pmm_free_pages() <= before - size / 4096);
    KT_CHECK(vfs_open(NULL, "/kt_big", ABI_O_RDONLY, 0, &f) == 0);
    for (unsigned long off = 0; off < size; off += 512 * 97) {
        KT_CHECK(file_lseek(f, (long long)off, ABI_SEEK_SET) == (long long)off);
        KT_CHECK(file_read(f, probe, 1) == 1 && probe[0] == (char)(off / 512));
    }
    file_put(f);
    KT_CHECK(vfs_open(NULL, "/kt_big", ABI_O_WRONLY | ABI_O_TRUNC, 0, &f) == 0);
    file_put(f);
    KT_CHECK((int32_t)pmm_free_pages() + heap_growth(&h0) >= (int32_t)before);
    KT_CHECK(write_pattern("/kt_big", size, chunk, csize) == size);
    KT_CHECK(vfs_unlink(NULL, "/kt_big") == 0);
    kfree(chunk);
    KT_CHECK((int32_t)pmm_free_pages() + heap_growth(&h0) == (int32_t)before);
    kheap_check(&h1);
    KT_CHECK(h1.used_bytes == h0.used_bytes);
}

/* Filling RAM with a file ends in -ENOSPC, not a panic, and the kernel lives on. */
KTEST(fs_fill_ram)
{
    const unsigned long csize = 65536;
    struct kheap_stats h0;
    struct file *f;

    kheap_check(&h0);
    uint32_t before = pmm_free_pages();
    if (before > (256u << 20) / 4096) {                            /* big guests: not worth the time */
        kprintf("ktest", "  skipped: %u MiB free\n", before / 256);
        return;
    }
    char *chunk = kmalloc(csize);
    if (!chunk) {
        KT_CHECK(!"no memory for the chunk");
        return;
    }
    unsigned long got = write_pattern("/kt_fill", 0xFFFFFFFFul, chunk, csize);
    kprintf("ktest", "  ramfs took %lu KiB of %u KiB free\n", got / 1024, before * 4);
    KT_CHECK(got > 0 && got < (unsigned long)before * 4096);
    KT_CHECK(vfs_open(NULL, "/kt_fill", ABI_O_WRONLY | ABI_O_APPEND, 0, &f) == 0);
    KT_CHECK(file_write(f, chunk, csize) == -ENOSPC);
    file_put(f);
    KT_CHECK(pmm_free_pages() > 0);
    KT_CHECK(vfs_unlink(NULL, "/kt_fill") == 0);
    kfree(chunk);
    KT_CHECK((int32_t)pmm_free_pages() + heap_growth(&h0) == (int32_t)before);
}
