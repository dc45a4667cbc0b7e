/*
 * The kernel's virtual memory layout and the i386 paging bits, shared by the
 * boot assembly and C.  Only macros: this header is included from .S files.
 *
 *   0x00000000 .. KERNEL_BASE        user space (per process, issue 3)
 *   KERNEL_BASE .. +DIRECT_MAP_MAX   direct map of physical memory (4 MiB pages)
 *   KHEAP_BASE .. +KHEAP_MAX         the kernel heap (4 KiB pages, grows up)
 *   KVA_BASE .. +KVA_SIZE            page-backed kernel ranges and MMIO
 *   last 4 MiB                       never mapped
 */
#ifndef ARCH_I386_LAYOUT_H
#define ARCH_I386_LAYOUT_H

#define KERNEL_BASE     0xC0000000
#define KERNEL_PDE      (KERNEL_BASE >> 22)
#define DIRECT_MAP_MAX  0x30000000      /* 768 MiB of RAM reachable through the direct map */
#define KHEAP_BASE      0xF0000000
#define KHEAP_MAX       0x0C000000      /* 192 MiB at most; the page tables are sized to RAM */
#define KVA_BASE        0xFC000000
#define KVA_SIZE        0x02000000      /* 32 MiB for MMIO and kvmap_alloc */
#define KVMAP_END       (KVA_BASE + KVA_SIZE)
#define KSTACK_SIZE     16384

#define PAGE_SIZE       4096
#define PAGE_SHIFT      12

#define PTE_P           0x001           /* present */
#define PTE_W           0x002           /* writable */
#define PTE_U           0x004           /* user accessible */
#define PTE_PWT         0x008
#define PTE_PCD         0x010           /* cache disable (MMIO) */
#define PTE_A           0x020
#define PTE_D           0x040
#define PTE_PS          0x080           /* 4 MiB page (in a directory entry) */
#define PTE_G           0x100

#define CR0_PE          0x00000001
#define CR0_MP          0x00000002
#define CR0_EM          0x00000004
#define CR0_TS          0x00000008
#define CR0_NE          0x00000020
#define CR0_WP          0x00010000
#define CR0_PG          0x80000000
#define CR4_PSE         0x00000010
#define CR4_PGE         0x00000080
#define CR4_OSFXSR      0x00000200

#endif
