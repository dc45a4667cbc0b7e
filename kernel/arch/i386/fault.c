/*
 * The exception report.  When the kernel itself takes an exception it prints
 * what a developer needs to find the bug without a debugger: the trap's name
 * and number, the error code (decoded for page faults), CR2, every register,
 * and a symbolic backtrace starting at the faulting instruction.  Then it
 * panics.  User-mode faults will become signals (issue 3).
 */
#include "kernel/arch/i386/cpu.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/arch.h"
#include "kernel/log.h"
#include "kernel/ksyms.h"

static const char *const trap_names[32] = {
    [T_DIVIDE] = "divide error (#DE)",      [T_DEBUG] = "debug (#DB)",
    [T_NMI] = "non-maskable interrupt",      [T_BRKPT] = "breakpoint (#BP)",
    [T_OFLOW] = "overflow (#OF)",            [T_BOUND] = "bound range exceeded (#BR)",
    [T_ILLOP] = "invalid opcode (#UD)",      [T_DEVICE] = "device not available (#NM)",
    [T_DBLFLT] = "double fault (#DF)",       [9] = "coprocessor segment overrun",
    [T_TSS] = "invalid TSS (#TS)",           [T_SEGNP] = "segment not present (#NP)",
    [T_STACK] = "stack fault (#SS)",         [T_GPFLT] = "general protection fault (#GP)",
    [T_PGFLT] = "page fault (#PF)",          [15] = "reserved exception 15",
    [T_FPERR] = "x87 floating point error (#MF)", [T_ALIGN] = "alignment check (#AC)",
    [T_MCHK] = "machine check (#MC)",        [T_SIMDERR] = "SIMD floating point (#XM)",
};

static const char *trap_name(uint32_t trapno)
{
    if (trapno < 32 && trap_names[trapno])
        return trap_names[trapno];
    return "reserved exception";
}

static void report_page_fault(uint32_t err, uint32_t cr2)
{
    kprintf("trap", "%s of %s address %#x (%s mode)\n",
            err & 2 ? "write" : (err & 16 ? "instruction fetch" : "read"),
            err & 1 ? "protected" : "unmapped", cr2, err & 4 ? "user" : "kernel");
}

_Noreturn void trap_fatal(struct trapframe *tf)
{
    uint32_t cr2 = read_cr2();
    char where[96];

    ksym_format(tf->eip, where, sizeof(where));
    arch_irq_disable();
    kputs("\n");
    kprintf("trap", "KERNEL FAULT: %s, vector %u, error code %#x\n",
            trap_name(tf->trapno), tf->trapno, tf->err);
    kprintf("trap", "at eip %#010x %s\n", tf->eip, where);
    if (tf->trapno == T_PGFLT)
        report_page_fault(tf->err, cr2);
    kprintf("trap", "eax %08x ebx %08x ecx %08x edx %08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
    kprintf("trap", "esi %08x edi %08x ebp %08x esp %08x\n", tf->esi, tf->edi, tf->ebp,
            (uint32_t)&tf->esp);
    kprintf("trap", "cs %04x ds %04x es %04x eflags %08x cr2 %08x cr3 %08x\n",
            tf->cs & 0xFFFF, tf->ds & 0xFFFF, tf->es & 0xFFFF, tf->eflags, cr2, read_cr3());
    kputs("PANIC: unhandled kernel exception\n");
    kprintf("trap", "backtrace:\n");
    kputs("  ");
    kputs(where);
    kputs("\n");
    arch_backtrace(tf->ebp);
    panic_stop();
}
