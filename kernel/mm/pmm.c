/*
 * The page allocator keeps one 16-bit word per page frame between the lowest
 * and highest usable frame: 0 = free, 1..REF_MAX = in use with that many
 * references, NOT_RAM = a hole, firmware or kernel page that is never handed
 * out.  Allocation scans forward from where the last one ended (a rotating
 * cursor), which makes a run of allocations O(1) each and needs no memory
 * inside the free pages themselves, so the same code runs in host tests
 * against a fake memory map.  A double free or a reference to a page that
 * is not allocated is a kernel bug and panics.
 */
#include "kernel/mm/pmm.h"
#include "kernel/arch.h"
#include "kernel/log.h"

#define PAGE_SHIFT  12
#define NOT_RAM     0xFFFF
#define REF_MAX     0xFFFE

static uint16_t *refs;          /* refs[pfn - base_pfn] */
static uint32_t base_pfn, npfn;
static uint32_t cursor;         /* index to start the next scan at */
static uint32_t total_pages, free_pages;
/* Pages freed most recently, reused first: they are warm in the caches (and,
 * under an emulator, already backed and free of stale translated code). */
#define RECENT_MAX 4096
static uint32_t recent[RECENT_MAX];
static unsigned nrecent;

size_t pmm_meta_size(const struct memmap *m)
{
    if (m->n == 0)
        return 0;
    uint32_t first = (uint32_t)(m->r[0].start >> PAGE_SHIFT);
    uint32_t last = (uint32_t)(m->r[m->n - 1].end >> PAGE_SHIFT);
    return (size_t)(last - first) * sizeof(uint16_t);
}

void pmm_init(const struct memmap *m, void *meta)
{
    refs = meta;
    npfn = (uint32_t)(pmm_meta_size(m) / sizeof(uint16_t));
    base_pfn = m->n ? (uint32_t)(m->r[0].start >> PAGE_SHIFT) : 0;
    total_pages = free_pages = 0;
    cursor = 0;
    nrecent = 0;
    for (uint32_t i = 0; i < npfn; i++)
        refs[i] = NOT_RAM;
    for (int r = 0; r < m->n; r++) {
        uint32_t s = (uint32_t)(m->r[r].start >> PAGE_SHIFT);
        uint32_t e = (uint32_t)(m->r[r].end >> PAGE_SHIFT);
        for (uint32_t pfn = s; pfn < e; pfn++) {
            if (pfn == 0)
                continue;       /* page 0 means "no page" */
            refs[pfn - base_pfn] = 0;
            total_pages++;
        }
    }
    free_pages = total_pages;
}

static uint32_t index_of(uint32_t pa, const char *what)
{
    uint32_t pfn = pa >> PAGE_SHIFT;

    if ((pa & 0xFFF) || pfn < base_pfn || pfn - base_pfn >= npfn ||
        refs[pfn - base_pfn] == NOT_RAM)
        panic("pmm: %s of %#x, which is not a managed page", what, pa);
    return pfn - base_pfn;
}

/* Is [i, i+n) inside the table and all free? */
static int run_free(uint32_t i, uint32_t n)
{
    if (i + n > npfn || i + n < i)
        return 0;
    for (uint32_t k = 0; k < n; k++)
        if (refs[i + k] != 0)
            return 0;
    return 1;
}

uint32_t pmm_alloc_contig(uint32_t n, uint32_t align_pages)
{
    uint32_t pa = 0;

    if (n == 0 || align_pages == 0 || (align_pages & (align_pages - 1)))
        return 0;
    pushcli();
    for (uint32_t step = 0; step < npfn && free_pages >= n; step++) {
        uint32_t i = (cursor + step) % npfn;
        if (((base_pfn + i) & (align_pages - 1)) || !run_free(i, n))
            continue;
        for (uint32_t k = 0; k < n; k++)
            refs[i + k] = 1;
        free_pages -= n;
        cursor = (i + n) % npfn;
        pa = (base_pfn + i) << PAGE_SHIFT;
        break;
    }
    popcli();
    return pa;
}

uint32_t pmm_alloc(void)
{
    uint32_t pa = 0;

    pushcli();
    while (nrecent && !pa) {
        uint32_t i = recent[--nrecent];
        if (refs[i] == 0) {                     /* not taken by a contiguous allocation since */
            refs[i] = 1;
            free_pages--;
            pa = (base_pfn + i) << PAGE_SHIFT;
        }
    }
    popcli();
    return pa ? pa : pmm_alloc_contig(1, 1);
}

void pmm_ref(uint32_t pa)
{
    pushcli();
    uint32_t i = index_of(pa, "pmm_ref");
    if (refs[i] == 0 || refs[i] == REF_MAX)
        panic("pmm: pmm_ref of page %#x with count %u", pa, refs[i]);
    refs[i]++;
    popcli();
}

void pmm_unref(uint32_t pa)
{
    pushcli();
    uint32_t i = index_of(pa, "pmm_unref");
    if (refs[i] == 0)
        panic("pmm: double free of page %#x", pa);
    if (--refs[i] == 0) {
        free_pages++;
        if (nrecent < RECENT_MAX)
            recent[nrecent++] = i;
    }
    popcli();
}

void pmm_free(uint32_t pa, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        if (pmm_refcount(pa + (k << PAGE_SHIFT)) > 1)
            panic("pmm: pmm_free of shared page %#x", pa + (k << PAGE_SHIFT));
        pmm_unref(pa + (k << PAGE_SHIFT));
    }
}

unsigned pmm_refcount(uint32_t pa)
{
    return refs[index_of(pa, "pmm_refcount")];
}

uint32_t pmm_free_pages(void) { return free_pages; }
uint32_t pmm_total_pages(void) { return total_pages; }

static bool in_ram(const struct memmap *ram, uint32_t pa)
{
    for (int i = 0; i < ram->n; i++)
        if (pa >= ram->r[i].start && (uint64_t)pa + (1u << PAGE_SHIFT) <= ram->r[i].end)
            return true;
    return false;
}

uint32_t pmm_add_free(const struct memmap *ram, uint32_t start, uint32_t end)
{
    uint32_t added = 0;

    pushcli();
    for (uint32_t pfn = (start + 0xFFF) >> PAGE_SHIFT; pfn < end >> PAGE_SHIFT; pfn++) {
        if (pfn == 0 || pfn < base_pfn || pfn - base_pfn >= npfn || refs[pfn - base_pfn] != NOT_RAM)
            continue;
        if (!in_ram(ram, pfn << PAGE_SHIFT))
            continue;
        refs[pfn - base_pfn] = 0;
        added++;
    }
    total_pages += added;
    free_pages += added;
    popcli();
    return added;
}
