/*
 * crt0: the first user instructions of every program.  The kernel enters
 * _start with the System V i386 stack: [esp] = argc, then argv[0..argc-1],
 * NULL, envp[...], NULL (then auxv and the strings, which we ignore).
 * _start only finds argc/argv/envp and aligns the stack; the rest of the
 * start-up is C, in start.c.  Linked as its own object (build/libc/crt0.o),
 * first on every program's link line.
 */
    .text
    .globl  _start
    .type   _start, @function
_start:
    xorl    %ebp, %ebp              /* outermost frame: backtraces stop here */
    movl    (%esp), %eax            /* argc */
    leal    4(%esp), %ecx           /* argv */
    leal    8(%esp,%eax,4), %edx    /* envp starts after argv's NULL */
    andl    $-16, %esp              /* 16-byte alignment at the call, as the ABI asks */
    subl    $4, %esp
    pushl   %edx
    pushl   %ecx
    pushl   %eax
    call    __libc_start
    ud2                             /* __libc_start never returns */
    .size   _start, . - _start

    .section .note.GNU-stack, "", @progbits
