/*
 * Physical memory map arithmetic (kernel/mm/memmap.c): a small sorted set of
 * disjoint [start, end) ranges of usable RAM.  Boot code adds what the
 * loader calls usable, removes what anything else claims (reserved firmware
 * areas, the kernel image, modules), clips to what the direct map reaches and
 * hands the result to the page allocator.  Pure code: host-tested.
 */
#ifndef MM_MEMMAP_H
#define MM_MEMMAP_H

#include <stdint.h>

#define MEMMAP_MAX 64

struct mem_range {
    uint64_t start, end;        /* [start, end) */
};

struct memmap {
    struct mem_range r[MEMMAP_MAX];
    int n;
    int dropped;                /* ranges lost because the table was full */
};

void memmap_init(struct memmap *m);
/* Add usable memory, merging with overlapping or touching ranges. */
void memmap_add(struct memmap *m, uint64_t start, uint64_t end);
/* Remove [start, end) from every range (splitting where needed). */
void memmap_remove(struct memmap *m, uint64_t start, uint64_t end);
/* Shrink each range inward to whole pages and drop the empty ones. */
void memmap_page_align(struct memmap *m);
uint64_t memmap_total(const struct memmap *m);
/* Take size bytes (page aligned) from the lowest range that holds them; 0 or -1. */
int memmap_carve(struct memmap *m, uint32_t size, uint32_t *addr);

#endif
