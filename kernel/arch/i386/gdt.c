/*
 * Global descriptor table and task state segment.  Flat 4 GiB segments for
 * kernel and user code/data; the TSS exists only so the CPU knows which
 * kernel stack to load when a trap arrives from ring 3.
 */
#include "kernel/arch/i386/cpu.h"
#include "kernel/lib/string.h"

struct gdt_entry {
    uint16_t limit_lo, base_lo;
    uint8_t base_mid, access, flags_limit_hi, base_hi;
} __attribute__((packed));

struct tss {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap_base;
} __attribute__((packed));

static struct gdt_entry gdt[6];
static struct tss tss;

static void gdt_set(int i, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    gdt[i].limit_lo = limit & 0xFFFF;
    gdt[i].base_lo = base & 0xFFFF;
    gdt[i].base_mid = (base >> 16) & 0xFF;
    gdt[i].access = access;
    gdt[i].flags_limit_hi = (uint8_t)((flags << 4) | ((limit >> 16) & 0x0F));
    gdt[i].base_hi = (base >> 24) & 0xFF;
}

void gdt_init(void)
{
    struct { uint16_t limit; uint32_t base; } __attribute__((packed)) gdtr;

    gdt_set(0, 0, 0, 0, 0);
    gdt_set(1, 0, 0xFFFFF, 0x9A, 0xC);          /* kernel code */
    gdt_set(2, 0, 0xFFFFF, 0x92, 0xC);          /* kernel data */
    gdt_set(3, 0, 0xFFFFF, 0xFA, 0xC);          /* user code */
    gdt_set(4, 0, 0xFFFFF, 0xF2, 0xC);          /* user data */
    memset(&tss, 0, sizeof(tss));
    tss.ss0 = KERNEL_DS;
    tss.iomap_base = sizeof(tss);               /* no I/O bitmap: ring 3 gets no ports */
    gdt_set(5, (uint32_t)&tss, sizeof(tss) - 1, 0x89, 0x0);

    gdtr.limit = sizeof(gdt) - 1;
    gdtr.base = (uint32_t)gdt;
    __asm__ volatile(
        "lgdt %0\n\t"
        "ljmp %1, $1f\n"
        "1:\n\t"
        "movw %w2, %%ax\n\t"
        "movw %%ax, %%ds\n\t"
        "movw %%ax, %%es\n\t"
        "movw %%ax, %%fs\n\t"
        "movw %%ax, %%gs\n\t"
        "movw %%ax, %%ss\n\t"
        "movw %w3, %%ax\n\t"
        "ltr %%ax"
        :: "m"(gdtr), "i"(KERNEL_CS), "r"(KERNEL_DS), "r"(TSS_SEL) : "eax", "memory");
}

void tss_set_kernel_stack(uint32_t esp0)
{
    tss.esp0 = esp0;
}
