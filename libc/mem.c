/*
 * Memory: the heap break behind newlib's malloc (sbrk), mappings (mmap,
 * munmap, mprotect) and posix_memalign, which newlib's aligned_alloc()
 * calls but this newlib configuration does not provide.
 *
 * The kernel's break follows Linux: brk(0) returns the current break,
 * brk(addr) moves it and returns the new break, or the old one when it
 * cannot.  The program's initial break is at or above _end (user.ld).
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"
#include "syscall.h"

#define PAGE_SIZE 4096

static uintptr_t heap_end;          /* our view of the break; 0 = not asked yet */

static uintptr_t kernel_brk(uintptr_t addr)
{
    return (uintptr_t)SYSCALL_RAW(SYS_brk, addr);
}

/* Learn the initial break; fall back to _end if the kernel cannot say. */
static void heap_init(void)
{
    uintptr_t cur = kernel_brk(0);
    if (SYSCALL_IS_ERROR(cur) || cur < (uintptr_t)_end)
        cur = (uintptr_t)_end;
    heap_end = cur;
}

void *sbrk(ptrdiff_t incr)
{
    if (heap_end == 0)
        heap_init();
    uintptr_t old = heap_end;
    uintptr_t want = old + (uintptr_t)incr;
    if ((incr > 0 && want < old) || (incr < 0 && want > old)) {
        errno = ENOMEM;                 /* would wrap around the address space */
        return (void *)-1;
    }
    if (incr != 0 && kernel_brk(want) != want) {
        errno = ENOMEM;
        return (void *)-1;
    }
    heap_end = want;
    return (void *)old;
}

/* Six arguments in six registers; the result is an address or -errno. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
    long r = SYSCALL_RAW(SYS_mmap, addr, len, prot, flags, fd, offset);
    if (SYSCALL_IS_ERROR(r)) {
        errno = (int)-r;
        return MAP_FAILED;
    }
    return (void *)r;
}

int munmap(void *addr, size_t len)
{
    return SYSCALL(SYS_munmap, addr, len);
}

int mprotect(void *addr, size_t len, int prot)
{
    return SYSCALL(SYS_mprotect, addr, len, prot);
}

int getpagesize(void)
{
    return PAGE_SIZE;
}

/* POSIX: ALIGN must be a power of two and a multiple of sizeof(void *);
 * errors are returned, not stored in errno. */
int posix_memalign(void **out, size_t align, size_t size)
{
    if (align < sizeof(void *) || (align & (align - 1)) != 0)
        return EINVAL;
    void *p = memalign(align, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}
