/*
 * The narrow interface between generic kernel code and the CPU
 * (implemented under kernel/arch/i386/).  Generic code includes this, never
 * the arch headers' instruction wrappers directly.
 */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <stdint.h>
#include <stdbool.h>

/* Values written to QEMU's isa-debug-exit port (0xf4); QEMU exits with (v << 1) | 1. */
#define QEMU_EXIT_PASS    0x10      /* ktest: all passed        -> status 33 */
#define QEMU_EXIT_FAIL    0x11      /* ktest: a test failed     -> status 35 */
#define QEMU_EXIT_PANIC   0x12      /* panic with panic=exit    -> status 37 */
#define QEMU_EXIT_POWEROFF 0x13     /* orderly power off        -> status 39 */

/* GDT, TSS, IDT, PIC: the CPU tables every later step needs. */
void arch_init_cpu(void);

/* Interrupt disabling that nests: pushcli() in any state, popcli() restores. */
void pushcli(void);
void popcli(void);
/* The pushcli nesting, saved and restored per thread across a context switch. */
struct irq_state {
    int depth;
    bool was_on;
};
void arch_irq_state_save(struct irq_state *s);
void arch_irq_state_restore(const struct irq_state *s);
void arch_irq_disable(void);
void arch_irq_enable(void);
bool arch_irq_enabled(void);

/* Halt until the next interrupt (interrupts are enabled first). */
void arch_idle(void);
_Noreturn void arch_halt_forever(void);
_Noreturn void arch_reboot(void);
/* Leave QEMU with a status through isa-debug-exit; halts if no such device. */
_Noreturn void arch_qemu_exit(unsigned code);

/* Print "  [addr] symbol+off" for each frame of the EBP chain starting at ebp. */
void arch_backtrace(uint32_t ebp);

/* FPU state per process (kernel/arch/i386/fpu.c): FXSAVE where the CPU has it, FSAVE otherwise. */
void arch_fpu_init(void);                   /* boot: set CR0/CR4, record a clean state */
void arch_fpu_init_state(uint8_t *buf);     /* buf (512 bytes, 16-aligned) = a clean state */
void arch_fpu_save(uint8_t *buf);
void arch_fpu_restore(const uint8_t *buf);
/* Clear bits of a state from user memory that would make restoring it fault. */
void arch_fpu_sanitize(uint8_t *buf);

struct trapframe;
/* Leave the kernel for user mode through tf (the first entry of a process). */
_Noreturn void arch_enter_user(struct trapframe *tf);

/* CPU features the kernel uses. */
struct cpu_features {
    bool cpuid, tsc, pse, pge, fxsr, sse;
    char vendor[13];
};
extern struct cpu_features cpu;
void arch_detect_cpu(void);

#endif
