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
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/mm/uvm.h"
#include "include/abi/signal.h"
#include "include/abi/errno.h"

struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t zero, type;
    uint16_t off_hi;
} __attribute__((packed));

extern const uint32_t trap_vectors[NR_VECTORS];     /* trap.S */
void trap_syscall(void);                            /* trap.S */

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
    idt_set(T_SYSCALL, (uint32_t)trap_syscall, 0xEF);  /* ring 3 may call; a trap gate keeps IF on */
    idt_set(T_BRKPT, trap_vectors[T_BRKPT], 0xEE);      /* int3 and into from ring 3: SIGTRAP, not #GP */
    idt_set(T_OFLOW, trap_vectors[T_OFLOW], 0xEE);
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

/* An exception in user mode: a page fault may just need a page; anything else is a signal. */
static void user_exception(struct trapframe *tf)
{
    struct proc *p = proc_current();
    uint32_t cr2 = read_cr2();

    switch (tf->trapno) {
    case T_PGFLT: {
        int r = p ? uvm_fault(p->user.vm, cr2, tf->err & 2) : -EFAULT;
        if (r == -ENOMEM && !oom_reclaim(p))    /* no page, and no bigger process to take one from */
            proc_fault(tf, ABI_SIGKILL, "out of memory", cr2);
        else if (r < 0)
            proc_fault(tf, ABI_SIGSEGV, "segmentation fault", cr2);
        return;
    }
    case T_DIVIDE:
        proc_fault(tf, ABI_SIGFPE, "divide error", tf->eip);
        return;
    case T_FPERR: case T_SIMDERR:
        proc_fault(tf, ABI_SIGFPE, "floating point exception", tf->eip);
        return;
    case T_ILLOP:
        proc_fault(tf, ABI_SIGILL, "illegal instruction", tf->eip);
        return;
    case T_BRKPT: case T_DEBUG:
        proc_fault(tf, ABI_SIGTRAP, "breakpoint", tf->eip);
        return;
    default:
        proc_fault(tf, ABI_SIGSEGV, "protection fault", tf->eip);
        return;
    }
}

void trap_dispatch(struct trapframe *tf)
{
    bool from_user = (tf->cs & 3) == 3;

    if (tf->trapno >= T_IRQ0 && tf->trapno < T_IRQ0 + 16) {
        irq_dispatch(tf);
    } else if (!from_user) {
        trap_fatal(tf);                 /* the kernel's own bug */
    } else {
        arch_irq_enable();              /* process context: may sleep, may be preempted */
        if (tf->trapno == T_SYSCALL)
            syscall_dispatch(tf);
        else
            user_exception(tf);
    }
    sched_preempt_point();              /* a tick may have ended the slice */
    if (from_user)
        proc_return_to_user(tf);        /* pending signals */
}
