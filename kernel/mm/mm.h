/*
 * Memory management bring-up (kernel/mm/mm_init.c).  The pieces have their
 * own headers: memmap.h (range sets), pmm.h (pages), vm.h (kernel mappings),
 * kheap.h (kmalloc).
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "kernel/bootinfo.h"

/* Page allocator, final kernel page directory, heap.  Panics if RAM is too small. */
void mm_init(const struct bootinfo *bi);

#endif
