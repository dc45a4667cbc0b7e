/*
 * Physical page allocator (kernel/mm/pmm.c).  Hands out 4 KiB page frames
 * by physical address and keeps a reference count per page, so later
 * copy-on-write fork can share a page and free it when the last user drops
 * it.  Page 0 is never managed, so 0 doubles as "no page".
 * All calls may be made with interrupts on or off.
 */
#ifndef MM_PMM_H
#define MM_PMM_H

#include <stdint.h>
#include <stddef.h>
#include "kernel/mm/memmap.h"

/* Bytes of metadata pmm_init needs for this map (one 16-bit count per page). */
size_t pmm_meta_size(const struct memmap *m);
/* Manage every page of m; meta must be pmm_meta_size(m) bytes, not inside m. */
void pmm_init(const struct memmap *m, void *meta);

/* Hand the whole pages of [start, end) that ram says are usable RAM to the allocator
 * (memory reserved at boot, like the initrd, once it is no longer needed).  Pages
 * already managed are left alone.  Returns the number of pages added. */
uint32_t pmm_add_free(const struct memmap *ram, uint32_t start, uint32_t end);

/* One page with reference count 1, or 0 when memory is exhausted. */
uint32_t pmm_alloc(void);
/* n physically contiguous pages aligned to align_pages (a power of two), or 0. */
uint32_t pmm_alloc_contig(uint32_t n, uint32_t align_pages);
/* Add a reference to an allocated page. */
void pmm_ref(uint32_t pa);
/* Drop a reference; the page is free again when the count reaches 0. */
void pmm_unref(uint32_t pa);
/* Free n contiguous pages from pmm_alloc_contig (or one from pmm_alloc). */
void pmm_free(uint32_t pa, uint32_t n);
unsigned pmm_refcount(uint32_t pa);

uint32_t pmm_free_pages(void);
uint32_t pmm_total_pages(void);

#endif
