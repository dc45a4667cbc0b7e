/*
 * Interrupt and exception entry.  One tiny stub per vector pushes a dummy
 * error code where the CPU does not push one, then the vector number, and
 * jumps to trap_common, which completes the struct trapframe (trap.h) and
 * calls trap_dispatch().  trap_vectors[] lists the stubs for idt.c.
 */
#define KERNEL_DS 0x10
#define USER_DS 0x23

.macro vector num, has_err
        .text
        .align 8
vector\num:
        .if \has_err == 0
        pushl $0
        .endif
        pushl $\num
        jmp trap_common
        .section .rodata
        .long vector\num
.endm

        .section .rodata
        .align 4
        .globl trap_vectors
trap_vectors:
        vector 0, 0
        vector 1, 0
        vector 2, 0
        vector 3, 0
        vector 4, 0
        vector 5, 0
        vector 6, 0
        vector 7, 0
        vector 8, 1
        vector 9, 0
        vector 10, 1
        vector 11, 1
        vector 12, 1
        vector 13, 1
        vector 14, 1
        vector 15, 0
        vector 16, 0
        vector 17, 1
        vector 18, 0
        vector 19, 0
        .irp n, 20,21,22,23,24,25,26,27,28,29,30,31
        vector \n, 0
        .endr
        .irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
        vector \n, 0
        .endr

        /* int $0x80: system calls, reachable from ring 3 */
        .text
        .align 8
        .globl trap_syscall
/*
 * int $0x80: system calls, reachable from ring 3.  Like every other entry
 * it goes through trap_common.
 */
        .text
        .align 8
        .globl trap_syscall
trap_syscall:
        pushl $0
        pushl $0x80
        jmp trap_common

/*
 * Every trap.  The data segments of ring 0 and ring 3 are both flat 4 GiB
 * segments, so the kernel can run on whichever of the two it finds, and
 * the reloads (slow under emulation) are skipped; any other selector (a
 * process may load even a null one) is replaced by the kernel's.  On the
 * way out, segments that nobody changed are not reloaded either.
 */
        .text
        .globl trap_common
trap_common:
        cld                             /* user code may have set DF; memcpy relies on it clear */
        pushal
        pushl %ds
        pushl %es
        pushl %fs
        pushl %gs
        movl %ds, %eax
        call flat_segment
        jne 1f
        movl %es, %eax
        call flat_segment
        je 2f
1:      movw $KERNEL_DS, %ax
        movw %ax, %ds
        movw %ax, %es
2:      pushl %esp                      /* struct trapframe * */
        call trap_dispatch
        addl $4, %esp
        movl %ds, %eax                  /* saved segments all unchanged? */
        cmpl 12(%esp), %eax
        jne trap_return
        movl %es, %eax
        cmpl 8(%esp), %eax
        jne trap_return
        movl %fs, %eax
        cmpl 4(%esp), %eax
        jne trap_return
        movl %gs, %eax
        cmpl (%esp), %eax
        jne trap_return
        addl $16, %esp                  /* then leave them as they are */
        popal
        addl $8, %esp
        iret

/* ZF set if %ax is one of the flat data selectors. */
flat_segment:
        cmpw $USER_DS, %ax
        je 3f
        cmpw $KERNEL_DS, %ax
3:      ret

        .globl trap_return
trap_return:
        popl %gs
        popl %fs
        popl %es
        popl %ds
        popal
        addl $8, %esp                   /* trapno and error code */
        iret
