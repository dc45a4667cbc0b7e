/*
 * Per-process FPU state.  The kernel itself never uses the FPU (it is
 * compiled without x87/SSE), so the state only changes in user mode: it is
 * saved when a process is switched out and restored when it comes back.
 * FXSAVE covers x87 and SSE; on a CPU without it, FSAVE keeps the x87 part.
 */
#include "kernel/arch.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/arch/i386/layout.h"
#include "kernel/lib/string.h"
#include "kernel/log.h"

static uint8_t clean_state[512] __attribute__((aligned(16)));

void arch_fpu_save(uint8_t *buf)
{
    if (cpu.fxsr)
        __asm__ volatile("fxsave (%0)" :: "r"(buf) : "memory");
    else
        __asm__ volatile("fnsave (%0); fwait" :: "r"(buf) : "memory");
}

void arch_fpu_restore(const uint8_t *buf)
{
    if (cpu.fxsr)
        __asm__ volatile("fxrstor (%0)" :: "r"(buf) : "memory");
    else
        __asm__ volatile("frstor (%0)" :: "r"(buf) : "memory");
}

void arch_fpu_init(void)
{
    uint32_t cr0 = read_cr0();

    cr0 &= ~(CR0_EM | CR0_TS);          /* real FPU, no lazy switching */
    cr0 |= CR0_MP | CR0_NE;             /* errors as #MF exceptions */
    write_cr0(cr0);
    if (cpu.fxsr)
        write_cr4(read_cr4() | CR4_OSFXSR | 0x400);     /* OSXMMEXCPT too */
    __asm__ volatile("fninit");
    arch_fpu_save(clean_state);
    kprintf("fpu", "%s\n", cpu.fxsr ? "FXSAVE (x87 + SSE)" : "FSAVE (x87)");
}

void arch_fpu_init_state(uint8_t *buf)
{
    memcpy(buf, clean_state, sizeof(clean_state));
}

void arch_fpu_sanitize(uint8_t *buf)
{
    uint32_t mxcsr;

    if (!cpu.fxsr)
        return;
    memcpy(&mxcsr, buf + 24, 4);
    mxcsr &= 0xFFBF;                    /* only the defined MXCSR bits (DAZ excluded) */
    memcpy(buf + 24, &mxcsr, 4);
}
