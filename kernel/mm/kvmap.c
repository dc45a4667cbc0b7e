/*
 * Run-time kernel mappings on top of vm_kmap: the heap's growth at
 * KHEAP_BASE, and page ranges in the KVA window (fresh RAM for large
 * buffers, or device registers for drivers).  KVA addresses are handed out
 * first fit from a bitmap with one bit per page; a one-page gap is kept
 * after every range so running off its end faults instead of corrupting a
 * neighbour.
 */
#include "kernel/mm/vm.h"
#include "kernel/mm/pmm.h"
#include "kernel/arch.h"
#include "kernel/log.h"
#include "kernel/lib/string.h"

#define KVA_PAGES (KVA_SIZE / PAGE_SIZE)

static uint32_t kva_used[KVA_PAGES / 32];
static uint32_t heap_top = KHEAP_BASE;

static bool kva_bit(uint32_t i) { return kva_used[i / 32] & (1u << (i % 32)); }
static void kva_set(uint32_t i, bool on)
{
    if (on)
        kva_used[i / 32] |= 1u << (i % 32);
    else
        kva_used[i / 32] &= ~(1u << (i % 32));
}

/* Reserve n pages (+1 guard) of KVA; returns the address or 0. */
static uint32_t kva_reserve(uint32_t n)
{
    uint32_t run = 0;

    for (uint32_t i = 0; i < KVA_PAGES; i++) {
        run = kva_bit(i) ? 0 : run + 1;
        if (run == n + 1) {
            uint32_t first = i + 1 - run;
            for (uint32_t k = first; k <= i; k++)
                kva_set(k, true);
            return KVA_BASE + first * PAGE_SIZE;
        }
    }
    return 0;
}

static void kva_release(uint32_t va, uint32_t n)
{
    uint32_t first = (va - KVA_BASE) / PAGE_SIZE;

    for (uint32_t k = first; k < first + n + 1 && k < KVA_PAGES; k++)
        kva_set(k, false);
}

void kvmap_init(void)
{
    memset(kva_used, 0, sizeof(kva_used));
}

/* Unmap n pages at va, dropping the RAM behind them if owned. */
static void unmap_range(uint32_t va, uint32_t n, bool owned)
{
    for (uint32_t k = 0; k < n; k++) {
        uint32_t pa = vm_kunmap(va + k * PAGE_SIZE);
        if (pa && owned)
            pmm_unref(pa);
    }
}

static void kva_release_locked(uint32_t va, uint32_t n)
{
    pushcli();
    kva_release(va, n);
    popcli();
}

void *kvmap_alloc(uint32_t npages)
{
    uint32_t va;

    pushcli();
    va = npages && npages < KVA_PAGES ? kva_reserve(npages) : 0;
    popcli();
    if (!va)
        return NULL;
    for (uint32_t k = 0; k < npages; k++) {
        uint32_t pa = pmm_alloc();
        if (!pa || vm_kmap(va + k * PAGE_SIZE, pa, VM_WRITE) < 0) {
            if (pa)
                pmm_unref(pa);
            unmap_range(va, k, true);
            kva_release_locked(va, npages);
            return NULL;
        }
    }
    return (void *)va;
}

void kvmap_free(void *va, uint32_t npages)
{
    unmap_range((uint32_t)va, npages, true);
    kva_release_locked((uint32_t)va, npages);
}

void *kvmap_mmio(uint32_t pa, uint32_t size)
{
    uint32_t off = pa & (PAGE_SIZE - 1);
    uint32_t n = (off + size + PAGE_SIZE - 1) / PAGE_SIZE;
    uint32_t va;

    pushcli();
    va = size && n < KVA_PAGES ? kva_reserve(n) : 0;
    popcli();
    if (!va)
        return NULL;
    for (uint32_t k = 0; k < n; k++)
        kassert(vm_kmap(va + k * PAGE_SIZE, (pa - off) + k * PAGE_SIZE, VM_WRITE | VM_NOCACHE) == 0);
    return (void *)(va + off);
}

void kvmap_unmap_mmio(void *va, uint32_t size)
{
    uint32_t off = (uint32_t)va & (PAGE_SIZE - 1);
    uint32_t n = (off + size + PAGE_SIZE - 1) / PAGE_SIZE;

    unmap_range((uint32_t)va - off, n, false);
    kva_release_locked((uint32_t)va - off, n);
}

void *kvmap_heap_grow(size_t n)
{
    uint32_t start = heap_top;

    for (size_t done = 0; done < n; done += PAGE_SIZE) {
        uint32_t pa = pmm_alloc();
        if (!pa || vm_kmap(heap_top, pa, VM_WRITE) < 0) {
            if (pa)
                pmm_unref(pa);
            unmap_range(start, done / PAGE_SIZE, true);     /* all or nothing */
            heap_top = start;
            return NULL;
        }
        /* Zeroed in full (memory from the heap never shows an earlier owner's
         * data), which also matters under emulation: QEMU keeps translated
         * code for a recycled page that held a program's text, and every
         * store to that page takes a slow path until all of the old code
         * bytes have been overwritten. */
        memset(P2V(pa), 0, PAGE_SIZE);
        heap_top += PAGE_SIZE;
    }
    return (void *)start;
}

int kvmap_heap_release(size_t n)
{
    if (n > heap_top - KHEAP_BASE)
        return -1;
    heap_top -= (uint32_t)n;
    unmap_range(heap_top, (uint32_t)(n / PAGE_SIZE), true);
    return 0;
}
