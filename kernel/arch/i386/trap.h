/*
 * The trap frame: what kernel/arch/i386/trap.S pushes on every interrupt,
 * exception and (later) system call, in push order from the top down.
 * trap_dispatch() (idt.c) receives a pointer to it.  The assembly uses the
 * offsets checked by the _Static_asserts below; change both together.
 */
#ifndef ARCH_I386_TRAP_H
#define ARCH_I386_TRAP_H

#include <stdint.h>
#include <stddef.h>

struct trapframe {
    /* pushed by trap_common: segment registers, then pushal */
    uint32_t gs, fs, es, ds;
    uint32_t edi, esi, ebp, esp_dummy, ebx, edx, ecx, eax;
    /* pushed by the per-vector stub */
    uint32_t trapno;
    uint32_t err;               /* CPU error code, or 0 for vectors without one */
    /* pushed by the CPU */
    uint32_t eip, cs, eflags;
    uint32_t esp, ss;           /* only when coming from ring 3 */
};

_Static_assert(offsetof(struct trapframe, eax) == 44, "trap.S pushes 12 words before trapno");
_Static_assert(offsetof(struct trapframe, trapno) == 48, "trapno offset used by trap.S");
_Static_assert(offsetof(struct trapframe, eip) == 56, "CPU frame follows the error code");

#define T_DIVIDE   0
#define T_DEBUG    1
#define T_NMI      2
#define T_BRKPT    3
#define T_OFLOW    4
#define T_BOUND    5
#define T_ILLOP    6
#define T_DEVICE   7
#define T_DBLFLT   8
#define T_TSS     10
#define T_SEGNP   11
#define T_STACK   12
#define T_GPFLT   13
#define T_PGFLT   14
#define T_FPERR   16
#define T_ALIGN   17
#define T_MCHK    18
#define T_SIMDERR 19

#define T_IRQ0    32            /* legacy IRQs 0..15 arrive at 32..47 */
#define NR_VECTORS 48
#define T_SYSCALL 0x80          /* int $0x80 */

void trap_dispatch(struct trapframe *tf);

#endif
