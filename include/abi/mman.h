/*
 * mmap/mprotect rights and flags shared by the kernel and libc
 * (libc/include/sys/mman.h uses the same values, Linux's).
 */
#ifndef ABI_MMAN_H
#define ABI_MMAN_H

#define ABI_PROT_READ       0x1
#define ABI_PROT_WRITE      0x2
#define ABI_PROT_EXEC       0x4
#define ABI_MAP_SHARED      0x01
#define ABI_MAP_PRIVATE     0x02
#define ABI_MAP_FIXED       0x10
#define ABI_MAP_ANONYMOUS   0x20

#endif
