/*
 * The signal return trampoline.  sigaction() (signal.c) gives the kernel
 * its address; the kernel makes it the return address of every handler it
 * starts, so when a handler returns this asks the kernel to restore the
 * interrupted context from the frame it saved on the user stack.
 */
#include <abi/syscall.h>

    .text
    .globl  __sigreturn_trampoline
    .type   __sigreturn_trampoline, @function
__sigreturn_trampoline:
    movl    $SYS_sigreturn, %eax
    int     $SYSCALL_VECTOR
    ud2                             /* sigreturn does not return here */
    .size   __sigreturn_trampoline, . - __sigreturn_trampoline

    .section .note.GNU-stack, "", @progbits
