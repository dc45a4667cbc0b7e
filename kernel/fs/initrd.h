/*
 * The initrd: a cpio "newc" archive that the boot loader passes as a
 * Multiboot module and vfs_init unpacks into the ramfs root.  The parser
 * (kernel/fs/initrd_parse.c) is pure, touching only the bytes it is given,
 * so host tests can build it alone; initrd_unpack and initrd_load
 * (kernel/fs/initrd.c) are the kernel side.
 */
#ifndef FS_INITRD_H
#define FS_INITRD_H

#include <stddef.h>
#include <stdint.h>

struct initrd_iter {
    const uint8_t *data;
    size_t len, pos;
    const char *error;                  /* why the last call skipped or stopped */
};

struct initrd_entry {
    const char *name;                   /* relative, no leading "/" or "./", NUL-terminated */
    uint32_t mode;                      /* ABI_S_IFDIR or ABI_S_IFREG | permissions */
    const void *data;
    uint32_t size;
};

enum initrd_status {
    INITRD_BAD = -1,                    /* malformed: stop, keep what came before */
    INITRD_END = 0,                     /* TRAILER!!! */
    INITRD_ENTRY = 1,                   /* *e is a file or directory */
    INITRD_SKIP = 2,                    /* an entry to leave out; error says why (NULL: quietly) */
};

void initrd_iter_init(struct initrd_iter *it, const void *data, size_t len);
enum initrd_status initrd_next(struct initrd_iter *it, struct initrd_entry *e);

struct initrd_counts {
    unsigned files, dirs, warnings;
};

/*
 * Unpack the archive into directory dir (NULL: /), making missing parent
 * directories; problems are "initrd: warning" lines, never a panic.
 */
struct vnode;
struct initrd_counts initrd_unpack(const void *data, size_t len, struct vnode *dir);

/* Find the initrd among the boot modules and unpack it (vfs_init calls this). */
void initrd_load(void);

#endif
