/*
 * A cpio "newc" reader for the initrd.  Each member is a 110-byte ASCII
 * header ("070701", then thirteen 8-digit hex fields), the NUL-terminated
 * name padded to 4 bytes, the data padded to 4; "TRAILER!!!" ends the
 * archive.  Every length is checked against the bytes actually there, and
 * names are made relative and refused if they climb out with "..".  Pure
 * code: no allocation, no VFS, no log (the caller reports it->error).
 */
#include <stdbool.h>
#include "kernel/fs/initrd.h"
#include "kernel/lib/string.h"
#include "include/abi/stat.h"

#define NEWC_HDR_LEN   110
#define NEWC_FIELDS    13
#define NEWC_NAME_MAX  4096             /* PATH_MAX, NUL included */

/* Header fields in order after the magic. */
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
       F_DEVMAJ, F_DEVMIN, F_RDEVMAJ, F_RDEVMIN, F_NAMESIZE, F_CHECK };

void initrd_iter_init(struct initrd_iter *it, const void *data, size_t len)
{
    it->data = data;
    it->len = len;
    it->pos = 0;
    it->error = NULL;
}

static size_t align4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/* Eight hex digits; false on anything else. */
static bool hex8(const uint8_t *p, uint32_t *out)
{
    uint32_t v = 0;

    for (int i = 0; i < 8; i++) {
        uint8_t c = p[i];
        uint32_t d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10u
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10u : 16u;
        if (d == 16)
            return false;
        v = v << 4 | d;
    }
    *out = v;
    return true;
}

static enum initrd_status bad(struct initrd_iter *it, const char *why)
{
    it->error = why;
    it->pos = it->len;                  /* later calls keep saying the same */
    return INITRD_BAD;
}

/* Strip leading "/" and "./"; the rest must not contain a ".." component. */
static const char *normalise(const char *name, bool *climbs)
{
    for (;;) {
        if (name[0] == '/')
            name++;
        else if (name[0] == '.' && name[1] == '/')
            name += 2;
        else
            break;
    }
    *climbs = false;
    for (const char *p = name; *p;) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            *climbs = true;
        p += n;
        while (*p == '/')
            p++;
    }
    return name;
}

/* Parse the header at it->pos into f[]; false (with it->error) if it is no good. */
static bool read_header(struct initrd_iter *it, uint32_t f[NEWC_FIELDS])
{
    const uint8_t *h = it->data + it->pos;

    if (it->len - it->pos < NEWC_HDR_LEN) {
        it->error = "truncated header";
        return false;
    }
    if (memcmp(h, "070701", 6) != 0 && memcmp(h, "070702", 6) != 0) {
        it->error = "bad magic (not a cpio newc archive)";
        return false;
    }
    for (int i = 0; i < NEWC_FIELDS; i++)
        if (!hex8(h + 6 + 8 * i, &f[i])) {
            it->error = "header field is not hex";
            return false;
        }
    return true;
}

/* Classify a well-formed member. */
static enum initrd_status classify(struct initrd_iter *it, struct initrd_entry *e, uint32_t mode)
{
    bool climbs;

    e->name = normalise(e->name, &climbs);
    e->mode = mode;
    it->error = NULL;
    if (!e->name[0] || strcmp(e->name, ".") == 0)
        return INITRD_SKIP;             /* the archive's own top directory */
    if (climbs) {
        it->error = "name has a '..' component; skipped";
        return INITRD_SKIP;
    }
    if (ABI_S_ISDIR(mode) || ABI_S_ISREG(mode))
        return INITRD_ENTRY;
    it->error = (mode & ABI_S_IFMT) == ABI_S_IFLNK ? "symbolic links are not supported; skipped"
                                                   : "not a file or directory; skipped";
    return INITRD_SKIP;
}

enum initrd_status initrd_next(struct initrd_iter *it, struct initrd_entry *e)
{
    uint32_t f[NEWC_FIELDS];

    if (it->pos >= it->len)
        return bad(it, "archive ends without TRAILER!!!");
    if (!read_header(it, f))
        return bad(it, it->error);
    size_t name_at = it->pos + NEWC_HDR_LEN, room = it->len - name_at;
    uint32_t namesize = f[F_NAMESIZE];
    if (namesize == 0 || namesize > NEWC_NAME_MAX || namesize > room)
        return bad(it, "name size past the end of the archive or too long");
    const char *name = (const char *)it->data + name_at;
    if (strnlen(name, namesize) != namesize - 1)
        return bad(it, "name is not NUL-terminated where its size says");
    if (strcmp(name, "TRAILER!!!") == 0) {
        it->pos = it->len;
        return INITRD_END;
    }
    size_t data_at = align4(name_at + namesize);
    if (data_at > it->len || f[F_FILESIZE] > it->len - data_at)
        return bad(it, "file data past the end of the archive");
    e->name = name;
    e->data = it->data + data_at;
    e->size = f[F_FILESIZE];
    size_t next = align4(data_at + f[F_FILESIZE]);
    it->pos = next < it->len ? next : it->len;
    return classify(it, e, f[F_MODE]);
}
