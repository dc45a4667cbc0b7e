/*
 * Memory mappings.  newlib has no <sys/mman.h>; the values are the
 * kernel's (include/abi/mman.h, Linux's numbers), and the glue
 * (libc/mem.c) passes them untranslated, the six mmap() arguments in six
 * registers (not Linux's old_mmap block).
 */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <sys/types.h>
#include <abi/mman.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PROT_NONE       0x0
#define PROT_READ       ABI_PROT_READ
#define PROT_WRITE      ABI_PROT_WRITE
#define PROT_EXEC       ABI_PROT_EXEC

#define MAP_SHARED      ABI_MAP_SHARED
#define MAP_PRIVATE     ABI_MAP_PRIVATE
#define MAP_FIXED       ABI_MAP_FIXED
#define MAP_ANONYMOUS   ABI_MAP_ANONYMOUS
#define MAP_ANON        MAP_ANONYMOUS

#define MAP_FAILED      ((void *)-1)

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);
int   munmap(void *addr, size_t len);
int   mprotect(void *addr, size_t len, int prot);

#ifdef __cplusplus
}
#endif

#endif
