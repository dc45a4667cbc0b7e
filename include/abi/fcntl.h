/*
 * open() flags, fcntl() commands and lseek() whences shared by the kernel
 * and the newlib glue.  Every value equals newlib 3.3.0's for i686-elf
 * (sys/_default_fcntl.h, stdio.h), so the glue passes a user's flags to the
 * kernel untranslated.
 *
 * Naming: everything carries an ABI_ prefix so this header can be included
 * next to newlib's <fcntl.h>/<unistd.h> without redefinition clashes; the
 * glue may _Static_assert(ABI_O_CREAT == O_CREAT) and so on.
 */
#ifndef ABI_FCNTL_H
#define ABI_FCNTL_H

/* Access mode: the low two bits (newlib: +1 == FREAD/FWRITE). */
#define ABI_O_RDONLY     0
#define ABI_O_WRONLY     1
#define ABI_O_RDWR       2
#define ABI_O_ACCMODE    3

#define ABI_O_APPEND     0x0008
#define ABI_O_CREAT      0x0200
#define ABI_O_TRUNC      0x0400
#define ABI_O_EXCL       0x0800
#define ABI_O_SYNC       0x2000
#define ABI_O_NONBLOCK   0x4000
#define ABI_O_NOCTTY     0x8000
#define ABI_O_CLOEXEC    0x40000
#define ABI_O_NOFOLLOW   0x100000
#define ABI_O_DIRECTORY  0x200000

/* fcntl() commands and the one descriptor flag. */
#define ABI_F_DUPFD      0
#define ABI_F_GETFD      1
#define ABI_F_SETFD      2
#define ABI_F_GETFL      3
#define ABI_F_SETFL      4
#define ABI_FD_CLOEXEC   1

/* lseek() whence. */
#define ABI_SEEK_SET     0
#define ABI_SEEK_CUR     1
#define ABI_SEEK_END     2

/* Longest path the kernel accepts, including the terminating NUL. */
#define ABI_PATH_MAX     4096

#endif
