/*
 * What the boot loader told us, checked and copied into kernel memory
 * (kernel/bootinfo.c): the command line, the modules (the initrd, later),
 * the usable RAM, and the loader's name.  Everything after boot reads this,
 * never the raw Multiboot structures, which live in memory the page
 * allocator is about to reuse.
 */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <stdint.h>
#include "kernel/mm/memmap.h"

#define BOOT_MODULES_MAX 8
#define BOOT_CMDLINE_MAX 1024
#define BOOT_NAME_MAX    64

struct boot_module {
    uint32_t start, end;                /* physical [start, end) */
    char name[BOOT_NAME_MAX];           /* the module's command line */
};

struct bootinfo {
    char cmdline[BOOT_CMDLINE_MAX];
    char loader[BOOT_NAME_MAX];
    struct boot_module modules[BOOT_MODULES_MAX];
    int nmodules;
    struct memmap ram;                  /* usable RAM as the loader reported it */
    uint64_t ram_top;                   /* end of the highest usable byte */
};

extern struct bootinfo bootinfo;

/*
 * Parse the Multiboot information at physical mbi_phys into bi.  Pure: all
 * memory is reached through phys(pa, len), which returns NULL for ranges
 * it cannot reach.  Returns the number of problems found (each is also
 * logged as a warning); bi is usable in every case, maybe with no RAM.
 */
struct multiboot_info;
int bootinfo_parse(struct bootinfo *bi, uint32_t magic, uint32_t mbi_phys,
                   const void *(*phys)(uint64_t pa, uint32_t len));

/* The kernel's call: parse, fall back to CMOS for the RAM size, log a summary. */
void bootinfo_init(uint32_t magic, uint32_t mbi_phys);

#endif
