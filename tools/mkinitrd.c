/*
 * mkinitrd: pack files into the initrd, a cpio "newc" archive
 * (format: include/abi/cpio.h, the header the kernel's reader uses too).
 * A host program, built by userland/userland.mk into build/host-tools/.
 *
 *   mkinitrd OUT.cpio DEST=SRC ... DIR/ ...
 *
 * DEST=SRC stores host file SRC as DEST ("bin/sh"; a leading "/" is
 * dropped); DIR/ stores an empty directory.  Directories above every DEST
 * are added on their own.  Output is deterministic: members sorted by name,
 * inode numbers counting from 1, mtime, uid and gid 0, and modes 040755
 * (directories), 0100755 (SRC executable by its owner) or 0100644.  The
 * archive is written to OUT.tmp and renamed, so a failed run leaves none.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "include/abi/cpio.h"

#define MODE_DIR   0040755
#define MODE_PROG  0100755
#define MODE_FILE  0100644

struct member {
    char *name;             /* archive name, normalised */
    const char *src;        /* host file, NULL for a directory */
    unsigned mode;
};

static struct member *members;
static size_t nmembers, capacity;
static char *tmp_path;          /* the half-written archive, removed on failure */

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("mkinitrd: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (tmp_path)
        remove(tmp_path);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

/*
 * Turn a user's DEST into an archive name: drop leading slashes, refuse
 * empty, "." and ".." components (an archive must not write outside the
 * root it is unpacked into).  Returns a fresh string.
 */
static char *normalise_name(const char *dest)
{
    while (*dest == '/')
        dest++;
    size_t len = strlen(dest);
    if (len == 0)
        die("empty destination name");
    char *name = xmalloc(len + 1);
    memcpy(name, dest, len + 1);
    for (char *part = name; ; ) {
        char *slash = strchr(part, '/');
        size_t plen = slash ? (size_t)(slash - part) : strlen(part);
        if (plen == 0 || (plen == 1 && part[0] == '.') ||
            (plen == 2 && part[0] == '.' && part[1] == '.'))
            die("bad destination name '%s' (empty, '.' or '..' component)", dest);
        if (!slash)
            break;
        part = slash + 1;
    }
    return name;
}

static struct member *find_member(const char *name)
{
    for (size_t i = 0; i < nmembers; i++)
        if (strcmp(members[i].name, name) == 0)
            return &members[i];
    return NULL;
}

/* Add a member; a directory may be named twice, anything else may not. */
static void add_member(char *name, const char *src, unsigned mode)
{
    struct member *old = find_member(name);
    if (old) {
        if (old->src == NULL && src == NULL) {
            free(name);
            return;
        }
        die("'%s' is named twice (or is both a file and a directory)", name);
    }
    if (nmembers == capacity) {
        capacity = capacity ? 2 * capacity : 64;
        members = realloc(members, capacity * sizeof *members);
        if (!members)
            die("out of memory");
    }
    members[nmembers++] = (struct member){ name, src, mode };
}

/* Add every directory above NAME ("a/b/c" adds "a" and "a/b"). */
static void add_parents(const char *name)
{
    for (const char *s = strchr(name, '/'); s; s = strchr(s + 1, '/')) {
        size_t len = (size_t)(s - name);
        char *dir = xmalloc(len + 1);
        memcpy(dir, name, len);
        dir[len] = '\0';
        add_member(dir, NULL, MODE_DIR);
    }
}

/* One command-line argument: "DEST=SRC" or "DIR/". */
static void add_argument(const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq) {
        size_t len = strlen(arg);
        if (len == 0 || arg[len - 1] != '/')
            die("argument '%s' is neither DEST=SRC nor DIR/", arg);
        char *copy = xmalloc(len);
        memcpy(copy, arg, len - 1);
        copy[len - 1] = '\0';
        char *name = normalise_name(copy);
        free(copy);
        add_parents(name);
        add_member(name, NULL, MODE_DIR);
        return;
    }
    size_t dlen = (size_t)(eq - arg);
    char *dest = xmalloc(dlen + 1);
    memcpy(dest, arg, dlen);
    dest[dlen] = '\0';
    if (dlen && dest[dlen - 1] == '/')
        die("file destination '%s' ends in '/'", dest);
    const char *src = eq + 1;
    struct stat st;
    if (stat(src, &st) != 0)
        die("%s: %s", src, strerror(errno));
    if (!S_ISREG(st.st_mode))
        die("%s: not a regular file", src);
    char *name = normalise_name(dest);
    free(dest);
    add_parents(name);
    add_member(name, src, (st.st_mode & S_IXUSR) ? MODE_PROG : MODE_FILE);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct member *)a)->name, ((const struct member *)b)->name);
}

/* Read a whole host file; *size gets its length. */
static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("%s: %s", path, strerror(errno));
    size_t cap = 65536, len = 0, n;
    char *buf = xmalloc(cap);
    while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf)
                die("out of memory");
        }
    }
    if (ferror(f))
        die("%s: read error", path);
    fclose(f);
    if (len > 0xFFFFFFFFu)
        die("%s: too big for a newc archive (4 GiB limit)", path);
    *size = len;
    return buf;
}

/* Write N zero bytes, N < ABI_CPIO_ALIGN. */
static void write_zeros(FILE *out, size_t n)
{
    static const char zeros[ABI_CPIO_ALIGN];
    fwrite(zeros, 1, n, out);
}

/* Write one member: header, name, padding, data, padding. */
static void write_member(FILE *out, unsigned long ino, const char *name, unsigned mode,
                         const char *data, size_t size)
{
    size_t namesize = strlen(name) + 1;
    char hdr[ABI_CPIO_HDR_SIZE + 1];        /* +1: snprintf's NUL */
    int n = snprintf(hdr, sizeof hdr,
                     "%s%08lX%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X%08lX%08X",
                     ABI_CPIO_NEWC_MAGIC, ino, mode, 0u, 0u,
                     (mode & 0170000) == 0040000 ? 2u : 1u,    /* nlink */
                     0u, (unsigned long)size, 0u, 0u, 0u, 0u,
                     (unsigned long)namesize, 0u);
    if (n != ABI_CPIO_HDR_SIZE)
        die("internal error: header is %d bytes", n);
    fwrite(hdr, 1, ABI_CPIO_HDR_SIZE, out);
    fwrite(name, 1, namesize, out);
    write_zeros(out, ABI_CPIO_PAD(ABI_CPIO_HDR_SIZE + namesize) - (ABI_CPIO_HDR_SIZE + namesize));
    if (size)
        fwrite(data, 1, size, out);
    write_zeros(out, ABI_CPIO_PAD(size) - size);
}

static void write_archive(const char *path)
{
    size_t tlen = strlen(path) + 5;
    char *tmp = xmalloc(tlen);
    snprintf(tmp, tlen, "%s.tmp", path);
    FILE *out = fopen(tmp, "wb");
    if (!out)
        die("%s: %s", tmp, strerror(errno));
    tmp_path = tmp;
    for (size_t i = 0; i < nmembers; i++) {
        struct member *m = &members[i];
        size_t size = 0;
        char *data = m->src ? read_file(m->src, &size) : NULL;
        write_member(out, (unsigned long)i + 1, m->name, m->mode, data, size);
        free(data);
    }
    write_member(out, 0, ABI_CPIO_TRAILER, 0, NULL, 0);
    if (ferror(out) | fclose(out))
        die("%s: write error", tmp);
    if (rename(tmp, path) != 0)
        die("rename %s to %s: %s", tmp, path, strerror(errno));
    tmp_path = NULL;
    free(tmp);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: mkinitrd OUT.cpio DEST=SRC... DIR/...\n");
        return 2;
    }
    for (int i = 2; i < argc; i++)
        add_argument(argv[i]);
    qsort(members, nmembers, sizeof *members, by_name);
    write_archive(argv[1]);
    return 0;
}
