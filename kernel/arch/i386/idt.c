/*
 * Interrupt descriptor table and the C side of trap entry.  CPU exceptions
 * in the kernel are fatal and produce a report (trap_fatal); legacy IRQs go
 * to the handler a driver registered.  trap.S builds the frame.
 */
#include "kernel/arch/i386/cpu.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/arch.h"
#include "kernel/log.h"
#include "kernel/sched.h"

struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t zero, type;
    uint16_t off_hi;
} __attribute__((packed));

extern const uint32_t trap_vectors[NR_VECTORS];     /* trap.S */

static struct idt_gate idt[256];
static irq_handler_t irq_handlers[16];
static uint32_t irq_counts[16];

static void idt_set(int vec, uint32_t handler, uint8_t type)
{
    idt[vec].off_lo = handler & 0xFFFF;
    idt[vec].sel = KERNEL_CS;
    idt[vec].zero = 0;
    idt[vec].type = type;
    idt[vec].off_hi = handler >> 16;
}

void idt_init(void)
{
    struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idtr;

    for (int v = 0; v < NR_VECTORS; v++)
        idt_set(v, trap_vectors[v], 0x8E);      /* present, ring 0, interrupt gate */
    idtr.limit = sizeof(idt) - 1;
    idtr.base = (uint32_t)idt;
    __asm__ volatile("lidt %0" :: "m"(idtr));
}

void irq_register(unsigned irq, irq_handler_t handler)
{
    kassert(irq < 16 && !irq_handlers[irq]);
    irq_handlers[irq] = handler;
    pic_mask(irq, 0);
}

static void irq_dispatch(struct trapframe *tf)
{
    unsigned irq = tf->trapno - T_IRQ0;

    if (pic_spurious(irq))
        return;
    irq_counts[irq]++;
    if (irq_handlers[irq])
        irq_handlers[irq](tf);
    pic_eoi(irq);
}

void trap_dispatch(struct trapframe *tf)
{
    if (tf->trapno >= T_IRQ0 && tf->trapno < T_IRQ0 + 16) {
        irq_dispatch(tf);
        sched_preempt_point();          /* a tick may have ended the slice */
        return;
    }
    trap_fatal(tf);
}
