/*
 * User address spaces: regions, page faults, fork's copy-on-write clone,
 * tear-down.  Pages come from the page allocator and are reached by the
 * kernel through the direct map, never through the user mapping, so
 * kernel code never takes a fault on a user address.
 */
#include "kernel/mm/uvm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/kheap.h"
#include "kernel/param.h"
#include "kernel/log.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

#define PAGE_DOWN(a) ((a) & ~(PAGE_SIZE - 1))

struct vm_space *uvm_create(void)
{
    struct vm_space *vm = kzalloc(sizeof(*vm));

    if (!vm)
        return NULL;
    vm->pgdir = pgdir_create();
    if (!vm->pgdir) {
        kfree(vm);
        return NULL;
    }
    return vm;
}

static void unmap_range(struct vm_space *vm, uint32_t start, uint32_t end)
{
    for (uint32_t va = start; va < end; va += PAGE_SIZE) {
        uint32_t *pte = pgdir_pte(vm->pgdir, va, false);
        if (!pte)
            continue;
        if (*pte & PTE_P) {
            pmm_unref(*pte & ~0xFFFu);
            vm->pages--;
        }
        *pte = 0;
        pgdir_flush(vm->pgdir, va);
    }
}

void uvm_destroy(struct vm_space *vm)
{
    struct region *r = vm->regions;

    while (r) {
        struct region *next = r->next;
        unmap_range(vm, r->start, r->end);
        kfree(r);
        r = next;
    }
    pgdir_free(vm->pgdir);
    kfree(vm);
}

void uvm_activate(struct vm_space *vm)
{
    pgdir_activate(vm ? vm->pgdir : vm_kernel_pgdir());
}

struct region *uvm_find(struct vm_space *vm, uint32_t va)
{
    for (struct region *r = vm->regions; r && r->start <= va; r = r->next)
        if (va < r->end)
            return r;
    return NULL;
}

int uvm_add_region(struct vm_space *vm, uint32_t start, uint32_t end, unsigned prot,
                   enum region_kind kind)
{
    struct region **pp = &vm->regions, *r;

    if (start >= end || (start | end) & (PAGE_SIZE - 1) || end > USER_STACK_TOP || start < PAGE_SIZE)
        return -EINVAL;
    while (*pp && (*pp)->end <= start)
        pp = &(*pp)->next;
    if (*pp && (*pp)->start < end)
        return -EINVAL;                         /* overlaps */
    r = kmalloc(sizeof(*r));
    if (!r)
        return -ENOMEM;
    *r = (struct region){ start, end, prot, kind, *pp };
    *pp = r;
    return 0;
}

/*
 * How far a stack may grow: USER_STACK_MAX, but at most a quarter of RAM,
 * so that on a small board runaway recursion ends in SIGSEGV at the limit
 * rather than in the whole machine running out of memory.
 */
static uint32_t stack_limit(void)
{
    uint32_t quarter = pmm_total_pages() / 4 * PAGE_SIZE;

    return quarter < USER_STACK_MAX ? quarter : USER_STACK_MAX;
}

/* The stack grows down into the gap below it, up to stack_limit(). */
static struct region *grow_stack(struct vm_space *vm, uint32_t va)
{
    struct region *prev = NULL;

    for (struct region *r = vm->regions; r; prev = r, r = r->next) {
        if (r->kind != REGION_STACK || va >= r->start)
            continue;
        if (USER_STACK_TOP - PAGE_DOWN(va) > stack_limit())
            return NULL;
        if (prev && prev->end > PAGE_DOWN(va) - PAGE_SIZE)
            return NULL;                        /* keep a guard page above other regions */
        r->start = PAGE_DOWN(va);
        return r;
    }
    return NULL;
}

uint32_t uvm_map_new_page(struct vm_space *vm, uint32_t va, bool writable)
{
    uint32_t *pte = pgdir_pte(vm->pgdir, va, true);
    uint32_t pa;

    if (!pte || !(pa = pmm_alloc()))
        return 0;
    memset(P2V(pa), 0, PAGE_SIZE);
    *pte = pa | PTE_P | PTE_U | (writable ? PTE_W : 0);
    vm->pages++;                    /* no TLB flush: CPUs never cache a not-present entry */
    return pa;
}

/* A write to a copy-on-write page: take it over if we are the last user, else copy. */
static int break_cow(struct vm_space *vm, uint32_t *pte, uint32_t va)
{
    uint32_t old = *pte & ~0xFFFu, pa;

    if (pmm_refcount(old) > 1) {
        if (!(pa = pmm_alloc()))
            return -ENOMEM;
        memcpy(P2V(pa), P2V(old), PAGE_SIZE);
        pmm_unref(old);
    } else {
        pa = old;
    }
    *pte = pa | PTE_P | PTE_U | PTE_W;
    pgdir_flush(vm->pgdir, va);
    return 0;
}

int uvm_fault(struct vm_space *vm, uint32_t va, bool write)
{
    struct region *r = uvm_find(vm, va);
    uint32_t *pte;

    if (!r && !(r = grow_stack(vm, va)))
        return -EFAULT;
    if ((write && !(r->prot & PROT_WRITE_)) || !(r->prot & (PROT_READ_ | PROT_WRITE_ | PROT_EXEC_)))
        return -EFAULT;
    pte = pgdir_pte(vm->pgdir, PAGE_DOWN(va), true);
    if (!pte)
        return -ENOMEM;
    if (!(*pte & PTE_P))
        return uvm_map_new_page(vm, PAGE_DOWN(va), r->prot & PROT_WRITE_) ? 0 : -ENOMEM;
    if (write && !(*pte & PTE_W)) {
        if (!(*pte & PTE_COW))
            return -EFAULT;
        return break_cow(vm, pte, PAGE_DOWN(va));
    }
    return 0;                                   /* already fine (e.g. another thread fixed it) */
}

uint32_t uvm_resolve(struct vm_space *vm, uint32_t va, bool write)
{
    uint32_t *pte = pgdir_pte(vm->pgdir, PAGE_DOWN(va), false);

    if (!pte || !(*pte & PTE_P) || (write && !(*pte & PTE_W))) {
        if (uvm_fault(vm, va, write) < 0)
            return 0;
        pte = pgdir_pte(vm->pgdir, PAGE_DOWN(va), false);
    }
    return (*pte & ~0xFFFu) | (va & (PAGE_SIZE - 1));
}

/* Share every present page of r between the two spaces; writable ones become COW. */
static int clone_pages(struct vm_space *dst, struct vm_space *src, struct region *r)
{
    for (uint32_t va = r->start; va < r->end; va += PAGE_SIZE) {
        uint32_t *s = pgdir_pte(src->pgdir, va, false), *d;
        if (!s || !(*s & PTE_P))
            continue;
        if (!(d = pgdir_pte(dst->pgdir, va, true)))
            return -ENOMEM;
        if (*s & (PTE_W | PTE_COW))
            *s = (*s & ~PTE_W) | PTE_COW;
        *d = *s;
        pmm_ref(*s & ~0xFFFu);
        dst->pages++;
    }
    return 0;
}

struct vm_space *uvm_clone(struct vm_space *src)
{
    struct vm_space *dst = uvm_create();

    if (!dst)
        return NULL;
    dst->brk_start = src->brk_start;
    dst->brk = src->brk;
    for (struct region *r = src->regions; r; r = r->next) {
        if (uvm_add_region(dst, r->start, r->end, r->prot, r->kind) < 0 ||
            clone_pages(dst, src, r) < 0) {
            uvm_destroy(dst);
            return NULL;
        }
    }
    uvm_activate(NULL);                         /* drop stale writable TLB entries of src */
    pgdir_activate(src->pgdir);
    return dst;
}
