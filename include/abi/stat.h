/*
 * struct stat as newlib 3.3.0 lays it out for i686-elf, and the file type
 * and permission bits of st_mode.  The kernel fills a struct abi_stat and
 * the glue copies it byte for byte into the user's struct stat, so every
 * offset below must match newlib's (checked by the _Static_asserts; the
 * sizes come from newlib's sys/_types.h: dev_t is short, ino_t, nlink_t,
 * uid_t and gid_t are unsigned short, mode_t is 32 bits, off_t is long and
 * time_t is 64 bits, aligned to 4 on i386).
 */
#ifndef ABI_STAT_H
#define ABI_STAT_H

#include <stdint.h>

struct abi_timespec {
    int64_t  tv_sec;
    int32_t  tv_nsec;
};   /* i386 aligns 64-bit members to 4, as newlib assumes */

struct abi_stat {
    int16_t  st_dev;                /* 0 */
    uint16_t st_ino;                /* 2: newlib's ino_t is 16 bits here */
    uint32_t st_mode;               /* 4 */
    uint16_t st_nlink;              /* 8 */
    uint16_t st_uid;                /* 10 */
    uint16_t st_gid;                /* 12 */
    int16_t  st_rdev;               /* 14 */
    int32_t  st_size;               /* 16: off_t is long */
    struct abi_timespec st_atim;    /* 20 */
    struct abi_timespec st_mtim;    /* 32 */
    struct abi_timespec st_ctim;    /* 44 */
    int32_t  st_blksize;            /* 56 */
    int32_t  st_blocks;             /* 60: in 512-byte units */
    int32_t  st_spare4[2];          /* 64 */
};

_Static_assert(sizeof(struct abi_timespec) == 12, "newlib timespec is 12 bytes on i386");
_Static_assert(__builtin_offsetof(struct abi_stat, st_size) == 16, "st_size offset");
_Static_assert(__builtin_offsetof(struct abi_stat, st_atim) == 20, "st_atim offset");
_Static_assert(__builtin_offsetof(struct abi_stat, st_blksize) == 56, "st_blksize offset");
_Static_assert(sizeof(struct abi_stat) == 72, "newlib struct stat is 72 bytes");

/* File type: the top bits of st_mode. */
#define ABI_S_IFMT    0170000
#define ABI_S_IFDIR   0040000
#define ABI_S_IFCHR   0020000
#define ABI_S_IFBLK   0060000
#define ABI_S_IFREG   0100000
#define ABI_S_IFLNK   0120000
#define ABI_S_IFSOCK  0140000
#define ABI_S_IFIFO   0010000

#define ABI_S_ISDIR(m)  (((m) & ABI_S_IFMT) == ABI_S_IFDIR)
#define ABI_S_ISREG(m)  (((m) & ABI_S_IFMT) == ABI_S_IFREG)
#define ABI_S_ISCHR(m)  (((m) & ABI_S_IFMT) == ABI_S_IFCHR)

/* Permission bits (the kernel stores them; nobody checks them yet). */
#define ABI_S_ISUID   0004000
#define ABI_S_ISGID   0002000
#define ABI_S_ISVTX   0001000
#define ABI_S_IRWXU   0000700
#define ABI_S_IRUSR   0000400
#define ABI_S_IWUSR   0000200
#define ABI_S_IXUSR   0000100
#define ABI_S_IRWXG   0000070
#define ABI_S_IRWXO   0000007
#define ABI_S_PERMS   0007777

#endif
