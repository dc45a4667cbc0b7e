/*
 * i386 CPU tables (kernel/arch/i386/gdt.c, idt.c, pic.c): segment selectors,
 * the TSS kernel stack, IRQ registration.  Internal to kernel/arch/i386 and
 * the drivers that own an IRQ line.
 */
#ifndef ARCH_I386_CPU_H
#define ARCH_I386_CPU_H

#include <stdint.h>
#include "kernel/arch/i386/trap.h"

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_CS   0x1B          /* ring 3 */
#define USER_DS   0x23
#define TSS_SEL   0x28

void gdt_init(void);
/* The stack the CPU switches to on a trap from ring 3 (set per thread, issue 3). */
void tss_set_kernel_stack(uint32_t esp0);

void idt_init(void);
void pic_init(void);
void pic_mask(unsigned irq, int masked);
void pic_eoi(unsigned irq);
/* True if IRQ 7/15 was spurious (no EOI must be sent then). */
int pic_spurious(unsigned irq);

typedef void (*irq_handler_t)(struct trapframe *tf);
/* Route legacy IRQ line 0..15 to handler and unmask it. */
void irq_register(unsigned irq, irq_handler_t handler);

/* The exception report (trap name, registers, CR2, backtrace), then panic. */
_Noreturn void trap_fatal(struct trapframe *tf);

#endif
