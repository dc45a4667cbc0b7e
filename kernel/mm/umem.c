/*
 * copyin, copyout, copyinstr: the only way system calls touch user memory
 * (DESIGN.md section 3).  Each page is resolved through the process's
 * region list, faulting it in as a user access would (demand zero, copy on
 * write), and copied through the kernel's direct map.  A bad pointer is
 * -EFAULT, never a kernel fault.  When processes migrate, these are the
 * calls a deputy redirects to the remote node.
 */
#include "kernel/mm/uvm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

static struct vm_space *current_vm(void)
{
    struct proc *p = proc_current();

    return p ? p->user.vm : NULL;
}

/* Walk [uaddr, uaddr+n) page by page, calling fn on each piece through the direct map. */
static int walk(uint32_t uaddr, size_t n, bool write,
                void (*fn)(void *kva, size_t off, size_t len, void *ctx), void *ctx)
{
    struct vm_space *vm = current_vm();
    size_t done = 0;

    if (!vm || uaddr + n < uaddr || uaddr + n > KERNEL_BASE)
        return -EFAULT;
    while (done < n) {
        uint32_t va = uaddr + (uint32_t)done;
        size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        uint32_t pa = uvm_resolve(vm, va, write);
        if (!pa)
            return -EFAULT;
        if (chunk > n - done)
            chunk = n - done;
        fn(P2V(pa), done, chunk, ctx);
        done += chunk;
    }
    return 0;
}

static void copy_from_user(void *kva, size_t off, size_t len, void *ctx)
{
    memcpy((char *)ctx + off, kva, len);
}

static void copy_to_user(void *kva, size_t off, size_t len, void *ctx)
{
    memcpy(kva, (const char *)ctx + off, len);
}

int copyin(void *dst, uint32_t usrc, size_t n)
{
    return walk(usrc, n, false, copy_from_user, dst);
}

int copyout(uint32_t udst, const void *src, size_t n)
{
    return walk(udst, n, true, copy_to_user, (void *)src);
}

/* Page by page: copy what is left of the page, stop at the first NUL. */
long copyinstr(char *dst, uint32_t usrc, size_t max)
{
    size_t done = 0;

    while (done < max) {
        uint32_t va = usrc + (uint32_t)done;
        size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (chunk > max - done)
            chunk = max - done;
        if (copyin(dst + done, va, chunk) < 0)
            return -EFAULT;
        for (size_t i = 0; i < chunk; i++)
            if (dst[done + i] == '\0')
                return (long)(done + i);
        done += chunk;
    }
    return -ENAMETOOLONG;
}

static void no_copy(void *kva, size_t off, size_t len, void *ctx)
{
    (void)kva, (void)off, (void)len, (void)ctx;
}

int uaccess_check(uint32_t uaddr, size_t n, bool write)
{
    return walk(uaddr, n, write, no_copy, NULL);
}
