/*
 * The CPU side of a thread switch: the TSS must name the incoming thread's
 * kernel stack (so a trap from its user mode lands on it), the incoming
 * process's page directory must be loaded, and the FPU registers must
 * belong to the process that runs.  Kernel threads run on the kernel's own
 * page directory, so a process's directory can be freed while they run.
 */
#include "kernel/sched.h"
#include "kernel/proc.h"
#include "kernel/param.h"
#include "kernel/mm/uvm.h"
#include "kernel/arch/i386/cpu.h"
#include "kernel/arch/i386/layout.h"

void arch_thread_switch(struct thread *prev, struct thread *next)
{
    if (prev->proc && prev->state != THREAD_DEAD)
        arch_fpu_save(prev->proc->user.fpu);
    if (next->kstack)
        tss_set_kernel_stack(next->kstack + THREAD_STACK_PAGES * PAGE_SIZE);
    if (next->proc && next->proc->user.vm) {
        uvm_activate(next->proc->user.vm);
        arch_fpu_restore(next->proc->user.fpu);
    } else {
        uvm_activate(NULL);
    }
}
