/*
 * The kernel side of bootinfo: give the pure parser (bootinfo.c) a window on
 * physical memory through the boot direct map, fall back to the CMOS
 * memory size when the loader said nothing usable, and log what we got.
 */
#include "kernel/bootinfo.h"
#include "kernel/mm/vm.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/log.h"

static const void *boot_phys(uint64_t pa, uint32_t len)
{
    if (pa + len < pa || pa + len > DIRECT_MAP_MAX)
        return NULL;
    return P2V((uint32_t)pa);
}

static unsigned cmos_read(unsigned reg)
{
    outb(0x70, (uint8_t)reg);
    return inb(0x71);
}

/* Extended memory size the BIOS stored in CMOS: KiB 1..16 MiB plus 64 KiB units above. */
static void ram_from_cmos(struct bootinfo *bi)
{
    uint64_t ext_kib = cmos_read(0x30) | cmos_read(0x31) << 8;
    uint64_t high_64k = cmos_read(0x34) | cmos_read(0x35) << 8;

    kprintf("boot", "warning: no usable memory information; trusting the CMOS RAM size\n");
    memmap_add(&bi->ram, 0x1000, 0x9F000);
    if (high_64k)
        memmap_add(&bi->ram, 0x100000, 0x1000000 + high_64k * 65536);
    else
        memmap_add(&bi->ram, 0x100000, 0x100000 + ext_kib * 1024);
    bi->ram_top = bi->ram.r[bi->ram.n - 1].end;
}

void bootinfo_init(uint32_t magic, uint32_t mbi_phys)
{
    struct bootinfo *bi = &bootinfo;

    bootinfo_parse(bi, magic, mbi_phys, boot_phys);
    if (memmap_total(&bi->ram) < 0x100000)
        ram_from_cmos(bi);
    kprintf("boot", "loader '%s', command line '%s'\n", bi->loader[0] ? bi->loader : "?", bi->cmdline);
    for (int i = 0; i < bi->ram.n; i++)
        kprintf("boot", "RAM 0x%08llx-0x%08llx (%llu KiB)\n", bi->ram.r[i].start, bi->ram.r[i].end - 1,
                (bi->ram.r[i].end - bi->ram.r[i].start) / 1024);
    if (bi->nmodules == 0)
        kprintf("boot", "no modules\n");
    for (int i = 0; i < bi->nmodules; i++)
        kprintf("boot", "module %d: %#x-%#x (%u bytes) '%s'\n", i, bi->modules[i].start,
                bi->modules[i].end, bi->modules[i].end - bi->modules[i].start, bi->modules[i].name);
}
