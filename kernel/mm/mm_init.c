/*
 * Bring up memory management from the boot information: work out which
 * RAM is free (everything usable minus page 0, the BIOS area, the kernel
 * image and the modules, clipped to the direct map), place the page
 * allocator's reference counts in it, then build the final page directory
 * and start the heap.
 */
#include "kernel/mm/mm.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/kheap.h"
#include "kernel/mm/vm.h"
#include "kernel/log.h"

extern char kernel_start[], kernel_end[];      /* linker.ld */

static void free_ram_map(const struct bootinfo *bi, struct memmap *m)
{
    *m = bi->ram;
    memmap_remove(m, 0, 0x1000);                        /* real-mode IVT, BIOS data */
    memmap_remove(m, 0xA0000, 0x100000);                /* VGA, option ROMs, BIOS */
    memmap_remove(m, V2P(kernel_start), V2P(kernel_end));
    for (int i = 0; i < bi->nmodules; i++)
        memmap_remove(m, bi->modules[i].start, bi->modules[i].end);
    if (bi->ram_top > DIRECT_MAP_MAX) {
        kprintf("mm", "warning: %llu MiB of RAM above %u MiB is beyond the direct map and unused\n",
                (bi->ram_top - DIRECT_MAP_MAX) >> 20, DIRECT_MAP_MAX >> 20);
        memmap_remove(m, DIRECT_MAP_MAX, ~0ull);
    }
    memmap_page_align(m);
}

void mm_init(const struct bootinfo *bi)
{
    struct memmap m;
    uint32_t meta;

    free_ram_map(bi, &m);
    if (memmap_carve(&m, (uint32_t)pmm_meta_size(&m), &meta) < 0)
        panic("mm: no room for the page allocator's table (%u KiB usable)",
              (unsigned)(memmap_total(&m) >> 10));
    pmm_init(&m, P2V(meta));
    kprintf("mm", "%u pages (%u KiB) free, page table at %#x\n", pmm_free_pages(),
            pmm_free_pages() * 4, meta);
    paging_init(bi->ram_top);
    kvmap_init();
    kheap_init((void *)KHEAP_BASE, kvmap_heap_grow);
    kheap_set_release(kvmap_heap_release);
}
