/*
 * What getdents() returns: struct abi_dirent records packed back to back,
 * each d_reclen bytes long (header + name + NUL, rounded up to 4).  The
 * newlib glue's readdir() walks the records by d_reclen.  ABI_ prefixes
 * keep these clear of newlib's own dirent names.
 */
#ifndef ABI_DIRENT_H
#define ABI_DIRENT_H

#include <stdint.h>

struct abi_dirent {
    uint32_t d_ino;
    uint16_t d_reclen;      /* whole record, a multiple of 4 */
    uint8_t  d_type;        /* ABI_DT_* */
    char     d_name[];      /* NUL-terminated */
};

#define ABI_DIRENT_HDR   7  /* bytes before d_name */
#define ABI_DIRENT_RECLEN(namelen) \
    ((ABI_DIRENT_HDR + (namelen) + 1 + 3) & ~3u)

/* d_type values (BSD/Linux numbering: type bits of st_mode >> 12). */
#define ABI_DT_UNKNOWN   0
#define ABI_DT_FIFO      1
#define ABI_DT_CHR       2
#define ABI_DT_DIR       4
#define ABI_DT_BLK       6
#define ABI_DT_REG       8
#define ABI_DT_LNK       10
#define ABI_DT_SOCK      12

#define ABI_NAME_MAX     255

#endif
