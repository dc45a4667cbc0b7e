/*
 * The heap (brk) and anonymous mappings (mmap, munmap, mprotect).  Every
 * call works on whole regions or splits one in two; pages inside a region
 * appear on first touch and vanish when the range is unmapped.  Only
 * private anonymous mappings exist: file and shared mappings answer
 * -ENODEV / -EINVAL (a migratable process must not share memory).
 */
#include "kernel/mm/uvm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/kheap.h"
#include "kernel/param.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"
#include "include/abi/mman.h"

#define PAGE_UP(a) (((a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

/* Drop the pages of [start, end) (no region bookkeeping). */
static void drop_pages(struct vm_space *vm, uint32_t start, uint32_t end)
{
    for (uint32_t va = start; va < end; va += PAGE_SIZE) {
        uint32_t *pte = pgdir_pte(vm->pgdir, va, false);
        if (!pte || !(*pte & PTE_P))
            continue;
        pmm_unref(*pte & ~0xFFFu);
        vm->pages--;
        *pte = 0;
        pgdir_flush(vm->pgdir, va);
    }
}

static void remove_region(struct vm_space *vm, struct region *r)
{
    for (struct region **pp = &vm->regions; *pp; pp = &(*pp)->next)
        if (*pp == r) {
            *pp = r->next;
            kfree(r);
            return;
        }
}

static struct region *heap_region(struct vm_space *vm)
{
    for (struct region *r = vm->regions; r; r = r->next)
        if (r->kind == REGION_HEAP)
            return r;
    return NULL;
}

long uvm_brk(struct vm_space *vm, uint32_t new_brk)
{
    struct region *h = heap_region(vm);
    uint32_t old_end = PAGE_UP(vm->brk), new_end = PAGE_UP(new_brk);

    if (new_brk == 0 || new_brk == vm->brk)
        return vm->brk;
    if (new_brk < vm->brk_start || new_brk >= USER_MMAP_BASE)
        return -ENOMEM;
    if (new_end > old_end) {                    /* grow: room up to the next region? */
        if (!h) {
            if (uvm_add_region(vm, old_end, new_end, PROT_READ_ | PROT_WRITE_, REGION_HEAP) < 0)
                return -ENOMEM;
        } else {
            if (h->next && h->next->start < new_end)
                return -ENOMEM;
            h->end = new_end;
        }
    } else if (h && new_end < old_end) {        /* shrink: give the pages back */
        drop_pages(vm, new_end, old_end);
        if (new_end > h->start)
            h->end = new_end;
        else
            remove_region(vm, h);               /* an empty region would confuse fork */
    }
    vm->brk = new_brk;
    return new_brk;
}

/* Split so that a region boundary falls at va (if va is inside a region). */
static int split_at(struct vm_space *vm, uint32_t va)
{
    struct region *r = uvm_find(vm, va), *tail;

    if (!r || r->start == va)
        return 0;
    if (!(tail = kmalloc(sizeof(*tail))))
        return -ENOMEM;
    *tail = *r;
    tail->start = va;
    r->end = va;
    r->next = tail;
    return 0;
}

/* Lowest gap of len bytes at or above USER_MMAP_BASE, below the stack's reach; 0 if none. */
static uint32_t find_gap(struct vm_space *vm, uint32_t len)
{
    uint32_t at = USER_MMAP_BASE, limit = USER_STACK_TOP - USER_STACK_MAX;

    for (struct region *r = vm->regions; r; r = r->next) {
        if (r->end <= at)
            continue;
        if (r->start >= at + len + PAGE_SIZE)   /* keep a guard page */
            break;
        at = r->end + PAGE_SIZE;
    }
    return at + len <= limit && at + len > at ? at : 0;
}

long uvm_mmap(struct vm_space *vm, uint32_t addr, uint32_t len, unsigned prot, unsigned flags)
{
    uint32_t size = PAGE_UP(len);
    int r;

    if (len == 0 || size < len || (addr & (PAGE_SIZE - 1)))
        return -EINVAL;
    if (!(flags & ABI_MAP_ANONYMOUS))
        return -ENODEV;
    if ((flags & ABI_MAP_SHARED) || !(flags & ABI_MAP_PRIVATE))
        return -EINVAL;
    if (flags & ABI_MAP_FIXED) {
        if (addr < PAGE_SIZE || addr + size < addr || addr + size > USER_STACK_TOP)
            return -EINVAL;
        if ((r = uvm_munmap(vm, addr, size)) < 0)
            return r;
    } else if (!(addr = find_gap(vm, size))) {
        return -ENOMEM;
    }
    r = uvm_add_region(vm, addr, addr + size, prot & 7, REGION_ANON);
    return r < 0 ? (r == -EINVAL ? -ENOMEM : r) : (long)addr;
}

int uvm_munmap(struct vm_space *vm, uint32_t addr, uint32_t len)
{
    uint32_t end = addr + PAGE_UP(len);
    struct region **pp = &vm->regions;

    if ((addr & (PAGE_SIZE - 1)) || len == 0 || end < addr || end > KERNEL_BASE)
        return -EINVAL;
    if (split_at(vm, addr) < 0 || split_at(vm, end) < 0)
        return -ENOMEM;
    while (*pp) {
        struct region *r = *pp;
        if (r->start >= addr && r->end <= end) {
            drop_pages(vm, r->start, r->end);
            if (r->kind == REGION_HEAP)
                vm->brk = vm->brk_start = r->start;     /* the heap ends here now */
            *pp = r->next;
            kfree(r);
            continue;
        }
        pp = &r->next;
    }
    return 0;
}

int uvm_mprotect(struct vm_space *vm, uint32_t addr, uint32_t len, unsigned prot)
{
    uint32_t end = addr + PAGE_UP(len);

    if ((addr & (PAGE_SIZE - 1)) || end < addr || end > KERNEL_BASE)
        return -EINVAL;
    for (uint32_t va = addr; va < end; va += PAGE_SIZE)
        if (!uvm_find(vm, va))
            return -ENOMEM;                     /* POSIX: unmapped pages in the range */
    if (split_at(vm, addr) < 0 || split_at(vm, end) < 0)
        return -ENOMEM;
    for (struct region *r = vm->regions; r; r = r->next) {
        if (r->start < addr || r->end > end)
            continue;
        r->prot = prot & 7;
        for (uint32_t va = r->start; va < r->end; va += PAGE_SIZE) {
            uint32_t *pte = pgdir_pte(vm->pgdir, va, false);
            if (!pte || !(*pte & PTE_P))
                continue;
            /* write access comes back through a fault (COW-aware), so only ever remove it here */
            if (!(prot & ABI_PROT_WRITE) && (*pte & PTE_W))
                *pte = (*pte & ~PTE_W) | PTE_COW;
            if (!(prot & 7))
                *pte &= ~PTE_U;
            else
                *pte |= PTE_U;
            pgdir_flush(vm->pgdir, va);
        }
    }
    return 0;
}
