/*
 * User address spaces (kernel/mm/uvm.c, umap.c, umem.c).  A space is a
 * page directory plus a sorted list of regions (text, data, heap, stack,
 * anonymous mappings).  Pages appear on first touch: a fault inside a
 * region maps a zeroed page (demand zero) or copies a shared one (copy on
 * write after fork).  This is the "user context" half of a process's
 * memory: migration will serialise the region list and the pages.
 */
#ifndef MM_UVM_H
#define MM_UVM_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define PROT_READ_  0x1             /* region rights (same bits as mmap's PROT_*) */
#define PROT_WRITE_ 0x2
#define PROT_EXEC_  0x4

enum region_kind { REGION_TEXT, REGION_DATA, REGION_HEAP, REGION_STACK, REGION_ANON };

struct region {
    uint32_t start, end;            /* page aligned, [start, end) */
    unsigned prot;
    enum region_kind kind;
    struct region *next;            /* sorted by start, no overlaps */
};

struct vm_space {
    uint32_t pgdir;                 /* physical address of the page directory */
    struct region *regions;
    uint32_t brk_start, brk;        /* the heap region is [brk_start, page_up(brk)) */
    uint32_t pages;                 /* resident pages (for /proc and balancing) */
};

struct vm_space *uvm_create(void);
void uvm_destroy(struct vm_space *vm);
/* A copy-on-write copy of vm (fork); NULL if out of memory. */
struct vm_space *uvm_clone(struct vm_space *vm);
void uvm_activate(struct vm_space *vm);     /* NULL: the kernel's directory */

/* Add a region; -EINVAL if it overlaps another or leaves user space. */
int uvm_add_region(struct vm_space *vm, uint32_t start, uint32_t end, unsigned prot,
                   enum region_kind kind);
struct region *uvm_find(struct vm_space *vm, uint32_t va);
/* Handle a fault at va; 0 if the page is now there, -EFAULT (bad access) or -ENOMEM. */
int uvm_fault(struct vm_space *vm, uint32_t va, bool write);
/* The physical page behind va, faulting it in (for write if write); 0 on failure. */
uint32_t uvm_resolve(struct vm_space *vm, uint32_t va, bool write);
/* Map a fresh page at va (exec fills it before the process runs); its address or 0. */
uint32_t uvm_map_new_page(struct vm_space *vm, uint32_t va, bool writable);

/* The heap and mappings (umap.c); same contracts as the system calls. */
long uvm_brk(struct vm_space *vm, uint32_t new_brk);
long uvm_mmap(struct vm_space *vm, uint32_t addr, uint32_t len, unsigned prot, unsigned flags);
int uvm_munmap(struct vm_space *vm, uint32_t addr, uint32_t len);
int uvm_mprotect(struct vm_space *vm, uint32_t addr, uint32_t len, unsigned prot);

/* User memory access for system calls (umem.c): through the current
 * process's space, never through a raw pointer.  0 or -EFAULT. */
int copyin(void *dst, uint32_t usrc, size_t n);
int copyout(uint32_t udst, const void *src, size_t n);
/* Would copyin (write=false) or copyout (write=true) of this range succeed?  Faults the
 * pages in; 0 or -EFAULT.  For calls that must not consume data they cannot deliver. */
int uaccess_check(uint32_t uaddr, size_t n, bool write);
/* Copy a NUL-terminated string of at most max bytes (NUL included); its length, -EFAULT or -ENAMETOOLONG. */
long copyinstr(char *dst, uint32_t usrc, size_t max);

#endif
