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
#include "include/abi/errno.h"

#define RW_CREAT (ABI_O_RDWR | ABI_O_CREAT)

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
    KT_CHECK(vfs_mkdir(NULL, "/proc/kt", 0755) == -EROFS);
    KT_CHECK(vfs_mkdir(NULL, "/dev", 0755) == -EEXIST);
}

KTEST(fs_unlink_while_open)
{
    struct file *f, *g;
    char buf[16];

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
}

KTEST(fs_rename)
{
    struct file *old;
    char buf[16];

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
}

/* List path with a buffer of bufsize into names ("a,b,c,"); the count or -EXXX. */
static int list(const char *path, unsigned long bufsize, char *names, size_t size)
{
    char buf[160];
    struct file *f;
    int n, count = 0;

    if ((n = vfs_open(NULL, path, ABI_O_RDONLY | ABI_O_DIRECTORY, 0, &f)) < 0)
        return n;
    names[0] = 0;
    while ((n = file_getdents(f, buf, bufsize)) > 0)
        for (int off = 0; off < n;) {
            struct abi_dirent *d = (struct abi_dirent *)(buf + off);
            KT_CHECK(d->d_reclen % 4 == 0 && d->d_reclen >= ABI_DIRENT_RECLEN(strlen(d->d_name)));
            KT_CHECK(d->d_type == (strchr(d->d_name, '.') ? ABI_DT_DIR : d->d_name[0] == 's'
                                   ? ABI_DT_DIR : ABI_DT_REG) || path[1] != 'k');
            size_t used = strlen(names);
            strlcpy(names + used, d->d_name, size - used);
            strlcpy(names + strlen(names), ",", size - strlen(names));
            off += d->d_reclen;
            count++;
        }
    file_put(f);
    return n < 0 ? n : count;
}

KTEST(fs_getdents)
{
    char names[256], buf[64];
    struct file *f;

    KT_CHECK(vfs_mkdir(NULL, "/kt_g", 0755) == 0);
    KT_CHECK(fsu_put("/kt_g/a", "") == 0 && fsu_put("/kt_g/bb", "") == 0);
    KT_CHECK(fsu_put("/kt_g/ccc", "") == 0 && vfs_mkdir(NULL, "/kt_g/sub", 0755) == 0);
    KT_CHECK(list("/kt_g", 160, names, sizeof(names)) == 6);
    KT_CHECK(strcmp(names, ".,..,a,bb,ccc,sub,") == 0);
    KT_CHECK(list("/kt_g", 16, names, sizeof(names)) == 6);        /* one record per call */
    KT_CHECK(strcmp(names, ".,..,a,bb,ccc,sub,") == 0);
    KT_CHECK(list("/kt_g", 8, names, sizeof(names)) == -EINVAL);   /* not even one fits */
    KT_CHECK(list("/kt_g/a", 160, names, sizeof(names)) == -ENOTDIR);
    KT_CHECK(list("/", 160, names, sizeof(names)) > 4);
    KT_CHECK(strstr_simple(names, ",dev,") && strstr_simple(names, ",proc,") && strstr_simple(names, ",kt_g,"));
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
}
