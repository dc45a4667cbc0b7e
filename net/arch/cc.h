/*
 * lwIP's compiler and platform glue (lwip/arch.h includes this): types come
 * from the compiler's stdint.h; printf formats match the kernel's printf;
 * diagnostics and assertions go to the kernel log and panic; errno values
 * are newlib's, shared with user space.
 */
#ifndef MOSAIC_ARCH_CC_H
#define MOSAIC_ARCH_CC_H

#include <stdint.h>
#include <stddef.h>

#define LWIP_NO_INTTYPES_H  1
#define LWIP_NO_CTYPE_H     1
#define X8_F    "02x"
#define U16_F   "hu"
#define S16_F   "hd"
#define X16_F   "hx"
#define U32_F   "u"
#define S32_F   "d"
#define X32_F   "x"
#define SZT_F   "zu"

#define LWIP_ERRNO_INCLUDE  "include/abi/errno.h"

void net_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void net_assert(const char *msg, const char *file, int line);
uint32_t net_rand(void);

#define LWIP_PLATFORM_DIAG(x)       do { net_diag x; } while (0)
#define LWIP_PLATFORM_ASSERT(x)     net_assert((x), __FILE__, __LINE__)

/* kmalloc and friends for MEM_LIBC_MALLOC (lwipopts.h) */
#include "kernel/mm/kheap.h"

#endif
