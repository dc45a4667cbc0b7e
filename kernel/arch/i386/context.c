/*
 * The CPU side of a thread switch: the TSS must name the incoming thread's
 * kernel stack (so a trap from its user mode lands on it), the incoming
 * process's page directory must be loaded, and the FPU registers must
 * belong to the process that runs.  Kernel threads borrow whatever
 * directory is loaded (every directory shares the kernel half): a CR3 write
 * flushes the whole TLB, and under QEMU every translated-code jump cache
 * too, so a process -> receive thread -> same process round trip that
 * reloaded CR3 twice cost more than the work it did.  pgdir_free moves the
 * CPU off a directory before freeing it, so borrowing is safe.
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
    }
}
