/*
 * The initrd's format: a cpio "newc" archive (the format of Linux's
 * initramfs), written by the host tool tools/mkinitrd.c and read by the
 * kernel's initrd code.  Plain C with no includes, so the host compiler,
 * the kernel and user programs can all use it.
 *
 * An archive is a sequence of members, each
 *     struct abi_cpio_newc header (110 bytes)
 *     name, c_namesize bytes including its NUL, then zero padding so that
 *         header + name is a multiple of ABI_CPIO_ALIGN
 *     data, c_filesize bytes, then zero padding to a multiple of ABI_CPIO_ALIGN
 * and ends with a member named ABI_CPIO_TRAILER (no data).  Every header
 * field is exactly 8 ASCII hex digits (upper or lower case), no NUL.
 *
 * Mosaic's archives: names are relative to the root ("bin/sh", no leading
 * "/" or "./"); every directory has its own member before anything inside
 * it; c_mode holds the st_mode bits of include/abi/stat.h (040755
 * directories, 0100755 programs, 0100644 other files); mtime, uid, gid and
 * device numbers are 0; inode numbers count up from 1.
 */
#ifndef ABI_CPIO_H
#define ABI_CPIO_H

#define ABI_CPIO_NEWC_MAGIC     "070701"    /* newc without checksums */
#define ABI_CPIO_TRAILER        "TRAILER!!!"
#define ABI_CPIO_ALIGN          4
#define ABI_CPIO_PAD(n)         (((n) + ABI_CPIO_ALIGN - 1) & ~(ABI_CPIO_ALIGN - 1))

struct abi_cpio_newc {
    char c_magic[6];        /* ABI_CPIO_NEWC_MAGIC, no NUL */
    char c_ino[8];
    char c_mode[8];         /* file type and permission bits */
    char c_uid[8];
    char c_gid[8];
    char c_nlink[8];
    char c_mtime[8];
    char c_filesize[8];     /* data bytes (0 for directories) */
    char c_devmajor[8];
    char c_devminor[8];
    char c_rdevmajor[8];
    char c_rdevminor[8];
    char c_namesize[8];     /* name bytes including the NUL */
    char c_check[8];        /* 0: only the "070702" format has checksums */
};

#define ABI_CPIO_HDR_SIZE       110

_Static_assert(sizeof(struct abi_cpio_newc) == ABI_CPIO_HDR_SIZE,
               "a newc header is 110 bytes with no padding");

#endif
