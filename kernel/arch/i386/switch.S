/*
 * Kernel stack switch and the first steps of new threads.
 *
 * arch_switch(uint32_t *save_esp, uint32_t new_esp) saves the callee-saved
 * registers on the current stack, stores the stack pointer, loads the other
 * thread's, and returns into wherever that thread last called arch_switch.
 * A new thread's stack is prepared by thread.c so that this return lands in
 * thread_entry (kernel threads) or user_thread_entry (processes).
 */
        .text
        .globl arch_switch
arch_switch:
        movl 4(%esp), %eax
        movl 8(%esp), %edx
        pushl %ebp
        pushl %ebx
        pushl %esi
        pushl %edi
        movl %esp, (%eax)
        movl %edx, %esp
        popl %edi
        popl %esi
        popl %ebx
        popl %ebp
        ret

        /* First run of a kernel thread: C does the rest (thread.c). */
        .globl thread_entry
thread_entry:
        xorl %ebp, %ebp                 /* ends backtraces */
        call thread_start
1:      hlt                             /* thread_start never returns */
        jmp 1b

        /* First run of a process thread: finish the switch, then leave through
         * the trap frame thread.c placed at the top of the stack. */
        .globl user_thread_entry
user_thread_entry:
        call thread_start_user
        addl $4, %esp                   /* the frame starts right above the dummy slot */
        jmp trap_return

        /* arch_enter_user(struct trapframe *tf): the first return to user mode. */
        .globl arch_enter_user
arch_enter_user:
        movl 4(%esp), %esp
        jmp trap_return
