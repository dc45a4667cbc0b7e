/*
 * The CPU side of a thread switch: the TSS must name the incoming thread's
 * kernel stack, so a trap from its user mode lands on it.  (Address-space
 * and FPU switching join here with processes.)
 */
#include "kernel/sched.h"
#include "kernel/param.h"
#include "kernel/arch/i386/cpu.h"
#include "kernel/arch/i386/layout.h"

void arch_thread_switch(struct thread *prev, struct thread *next)
{
    (void)prev;
    if (next->kstack)
        tss_set_kernel_stack(next->kstack + THREAD_STACK_PAGES * PAGE_SIZE);
}
