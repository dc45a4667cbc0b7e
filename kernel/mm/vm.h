/*
 * Kernel virtual memory (implemented in kernel/arch/i386/paging.c and
 * kernel/mm/kvmap.c).  Physical RAM up to DIRECT_MAP_MAX is always mapped at
 * KERNEL_BASE + physical (P2V/V2P).  Two further windows hold 4 KiB
 * mappings made at run time: the kernel heap and a window for MMIO and
 * other page-backed kernel ranges.  Their page tables are allocated once at
 * boot, so every address space later shares them without synchronisation.
 */
#ifndef MM_VM_H
#define MM_VM_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "kernel/arch/i386/layout.h"

#define P2V(pa) ((void *)((uintptr_t)(pa) + KERNEL_BASE))
#define V2P(va) ((uint32_t)((uintptr_t)(va) - KERNEL_BASE))

/* Kernel mapping flags */
#define VM_WRITE    0x1
#define VM_NOCACHE  0x2             /* device memory */

/* Build the final kernel page directory; ram_top = end of the highest usable RAM. */
void paging_init(uint64_t ram_top);
/* Map one page at va (inside a run-time window) to pa; -EINVAL outside, -EEXIST if mapped. */
int vm_kmap(uint32_t va, uint32_t pa, unsigned flags);
/* Unmap one page; returns its physical address, or 0 if nothing was mapped. */
uint32_t vm_kunmap(uint32_t va);
/* Physical address behind a kernel virtual address; false if unmapped. */
bool vm_ktranslate(uint32_t va, uint32_t *pa);
uint32_t vm_kernel_pgdir(void);

/* User page directories (kernel/arch/i386/paging.c): the kernel half is
 * shared with every directory, the user half starts empty. */
uint32_t pgdir_create(void);                /* physical address, 0 if out of memory */
void pgdir_free(uint32_t pd);               /* frees the page tables, not the pages */
/* The PTE for user va, making the page table if create; NULL if none (or no memory). */
uint32_t *pgdir_pte(uint32_t pd, uint32_t va, bool create);
void pgdir_activate(uint32_t pd);
void pgdir_flush(uint32_t pd, uint32_t va); /* after changing a PTE of pd */
#define PTE_COW 0x200                       /* an available bit: copy on write */

/* Page-backed kernel ranges in the KVA window (kernel/mm/kvmap.c). */
void kvmap_init(void);
/* n pages of fresh RAM mapped contiguously; NULL if out of memory or address space. */
void *kvmap_alloc(uint32_t npages);
void kvmap_free(void *va, uint32_t npages);
/* Map device memory [pa, pa+size) uncached; returns the virtual address of pa. */
void *kvmap_mmio(uint32_t pa, uint32_t size);
void kvmap_unmap_mmio(void *va, uint32_t size);
/* The heap's morecore: maps n bytes of fresh pages at the heap's end. */
void *kvmap_heap_grow(size_t n);
/* The heap's release: unmaps n bytes at its end and frees the pages. */
int kvmap_heap_release(size_t n);

#endif
