/*
 * Directory reading for user programs (newlib's own <sys/dirent.h> is a
 * stub that refuses to compile).  readdir() is built on the getdents()
 * system call, whose records are struct abi_dirent (include/abi/dirent.h);
 * the glue is libc/dir.c.  The guard is newlib's, so newlib's <dirent.h>
 * never adds declarations of functions we do not provide.
 */
#ifndef _DIRENT_H_
#define _DIRENT_H_

#include <sys/types.h>
#include <abi/dirent.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DT_UNKNOWN  ABI_DT_UNKNOWN
#define DT_FIFO     ABI_DT_FIFO
#define DT_CHR      ABI_DT_CHR
#define DT_DIR      ABI_DT_DIR
#define DT_BLK      ABI_DT_BLK
#define DT_REG      ABI_DT_REG
#define DT_LNK      ABI_DT_LNK
#define DT_SOCK     ABI_DT_SOCK

#define MAXNAMLEN   ABI_NAME_MAX

struct dirent {
    ino_t         d_ino;                    /* newlib's ino_t: 16 bits, like st_ino */
    unsigned char d_type;                   /* DT_* */
    char          d_name[ABI_NAME_MAX + 1];
};

typedef struct mosaic_dir DIR;              /* opaque: libc/dir.c */

DIR           *opendir(const char *path);
DIR           *fdopendir(int fd);
struct dirent *readdir(DIR *dir);
void           rewinddir(DIR *dir);
int            closedir(DIR *dir);
int            dirfd(DIR *dir);

/* The system call: fill BUF with struct abi_dirent records; returns the
 * bytes filled, 0 at the end of the directory, -1 with errno on error. */
int            getdents(int fd, void *buf, size_t nbytes);

#ifdef __cplusplus
}
#endif

#endif
