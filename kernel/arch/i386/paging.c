/*
 * The kernel's page directory.  Boot (boot/entry.S) maps physical memory at
 * KERNEL_BASE with 4 MiB pages and identity-maps it too; paging_init trims
 * the direct map to the RAM that exists, drops the identity map (so a NULL
 * or user-range pointer in the kernel faults), and allocates the page tables
 * of the heap and KVA windows once, so those windows can be mapped a page at
 * a time with vm_kmap/vm_kunmap.  Per-process directories (issue 3) copy
 * the kernel half of this one.
 */
#include "kernel/mm/vm.h"
#include "kernel/mm/pmm.h"
#include "kernel/arch.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/log.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

#define PDX(va) ((uint32_t)(va) >> 22)
#define PTX(va) (((uint32_t)(va) >> 12) & 0x3FF)
#define MIB4    0x400000u

extern uint32_t boot_pgdir[1024];   /* boot/entry.S */
static uint32_t *const kpgdir = boot_pgdir;
static uint32_t heap_window_end;    /* heap page tables cover KHEAP_BASE..this */

static void alloc_table(uint32_t va)
{
    uint32_t pa = pmm_alloc();

    if (!pa)
        panic("paging: out of memory for kernel page tables");
    memset(P2V(pa), 0, PAGE_SIZE);
    kpgdir[PDX(va)] = pa | PTE_P | PTE_W;
}

void paging_init(uint64_t ram_top)
{
    uint64_t top = ram_top < DIRECT_MAP_MAX ? ram_top : DIRECT_MAP_MAX;
    uint32_t direct_pdes = (uint32_t)((top + MIB4 - 1) / MIB4);
    uint32_t heap_bytes = ram_top > KHEAP_MAX ? KHEAP_MAX : (uint32_t)ram_top;

    for (uint32_t i = 0; i < DIRECT_MAP_MAX / MIB4; i++) {
        kpgdir[i] = 0;                                  /* identity map */
        if (i >= direct_pdes)
            kpgdir[KERNEL_PDE + i] = 0;                 /* beyond RAM */
    }
    if (cpu.pge) {                  /* kernel mappings survive CR3 reloads */
        write_cr4(read_cr4() | CR4_PGE);
        for (uint32_t i = 0; i < direct_pdes; i++)
            kpgdir[KERNEL_PDE + i] |= PTE_G;
    }
    heap_bytes = (heap_bytes + MIB4 - 1) & ~(MIB4 - 1);
    if (heap_bytes < MIB4)
        heap_bytes = MIB4;
    heap_window_end = KHEAP_BASE + heap_bytes;
    for (uint32_t va = KHEAP_BASE; va < heap_window_end; va += MIB4)
        alloc_table(va);
    for (uint32_t va = KVA_BASE; va < KVA_BASE + KVA_SIZE; va += MIB4)
        alloc_table(va);
    write_cr3(V2P(kpgdir));
    kprintf("paging", "direct map %u MiB, heap window %u MiB, KVA window %u MiB\n",
            direct_pdes * 4, heap_bytes >> 20, KVA_SIZE >> 20);
}

static bool in_window(uint32_t va)
{
    return (va >= KHEAP_BASE && va < heap_window_end) ||
           (va >= KVA_BASE && va < KVA_BASE + KVA_SIZE);
}

/* The PTE for va in a run-time window (its table always exists). */
static uint32_t *kpte(uint32_t va)
{
    uint32_t *table = P2V(kpgdir[PDX(va)] & ~0xFFFu);

    return &table[PTX(va)];
}

int vm_kmap(uint32_t va, uint32_t pa, unsigned flags)
{
    uint32_t *pte;

    if ((va | pa) & (PAGE_SIZE - 1) || !in_window(va))
        return -EINVAL;
    pte = kpte(va);
    if (*pte & PTE_P)
        return -EEXIST;
    *pte = pa | PTE_P | (flags & VM_WRITE ? PTE_W : 0) | (flags & VM_NOCACHE ? PTE_PCD | PTE_PWT : 0);
    invlpg(va);
    return 0;
}

uint32_t vm_kunmap(uint32_t va)
{
    uint32_t *pte, old;

    if ((va & (PAGE_SIZE - 1)) || !in_window(va))
        return 0;
    pte = kpte(va);
    old = *pte;
    *pte = 0;
    invlpg(va);
    return old & PTE_P ? old & ~0xFFFu : 0;
}

bool vm_ktranslate(uint32_t va, uint32_t *pa)
{
    uint32_t pde = kpgdir[PDX(va)], pte;

    if (!(pde & PTE_P))
        return false;
    if (pde & PTE_PS) {
        *pa = (pde & 0xFFC00000u) | (va & 0x3FFFFFu);
        return true;
    }
    pte = ((uint32_t *)P2V(pde & ~0xFFFu))[PTX(va)];
    if (!(pte & PTE_P))
        return false;
    *pa = (pte & ~0xFFFu) | (va & 0xFFFu);
    return true;
}

uint32_t vm_kernel_pgdir(void)
{
    return V2P(kpgdir);
}

/* ---- user address spaces ------------------------------------------------ */

uint32_t pgdir_create(void)
{
    uint32_t pa = pmm_alloc();
    uint32_t *pd;

    if (!pa)
        return 0;
    pd = P2V(pa);
    memset(pd, 0, KERNEL_PDE * sizeof(uint32_t));
    memcpy(pd + KERNEL_PDE, kpgdir + KERNEL_PDE, (1024 - KERNEL_PDE) * sizeof(uint32_t));
    return pa;
}

void pgdir_free(uint32_t pd_pa)
{
    uint32_t *pd = P2V(pd_pa);

    if (read_cr3() == pd_pa)            /* a kernel thread may still be borrowing it */
        write_cr3(V2P(kpgdir));
    for (uint32_t i = 0; i < KERNEL_PDE; i++)
        if (pd[i] & PTE_P)
            pmm_unref(pd[i] & ~0xFFFu);
    pmm_unref(pd_pa);
}

uint32_t *pgdir_pte(uint32_t pd_pa, uint32_t va, bool create)
{
    uint32_t *pd = P2V(pd_pa);
    uint32_t *pde = &pd[PDX(va)];

    if (va >= KERNEL_BASE)
        return NULL;
    if (!(*pde & PTE_P)) {
        uint32_t pa;
        if (!create || !(pa = pmm_alloc()))
            return NULL;
        memset(P2V(pa), 0, PAGE_SIZE);
        *pde = pa | PTE_P | PTE_W | PTE_U;      /* pages decide their own rights */
    }
    return &((uint32_t *)P2V(*pde & ~0xFFFu))[PTX(va)];
}

void pgdir_activate(uint32_t pd_pa)
{
    if (read_cr3() != pd_pa)
        write_cr3(pd_pa);
}

void pgdir_flush(uint32_t pd_pa, uint32_t va)
{
    if (read_cr3() == pd_pa)
        invlpg(va);
}
