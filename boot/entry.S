/*
 * Multiboot (v1) header and the first instructions the CPU runs.
 *
 * The loader (GRUB 2, QEMU -kernel, iPXE) enters _start in 32-bit
 * protected mode with paging off, EAX = the Multiboot magic and EBX = the
 * physical address of the Multiboot information.  We switch on paging with
 * one boot page directory that maps physical memory twice with 4 MiB pages:
 * identity (so the next instruction still runs) and at KERNEL_BASE (the
 * higher half where the kernel is linked).  kernel/arch/i386/paging.c later
 * trims the direct map to the RAM that exists and drops the identity map.
 */
#include "kernel/arch/i386/layout.h"

#define MB_MAGIC        0x1BADB002
#define MB_FLAGS        0x00000003      /* page-align modules, want memory info */

        .section .multiboot, "a"
        .align 4
        .long MB_MAGIC
        .long MB_FLAGS
        .long -(MB_MAGIC + MB_FLAGS)

        /* Linked at its physical address (see linker.ld): runs before paging. */
        .section .text.boot, "ax"
        .globl _start
_start:
        cli
        cld
        /* PSE lets one directory entry map 4 MiB, so no page tables yet. */
        movl %cr4, %ecx
        orl $CR4_PSE, %ecx
        movl %ecx, %cr4

        /* Fill the boot page directory: entries 0.. and 768.. map 0..DIRECT_MAP_MAX. */
        movl $(boot_pgdir - KERNEL_BASE), %edi
        movl $(PTE_P | PTE_W | PTE_PS), %edx
        xorl %ecx, %ecx
1:      movl %edx, (%edi, %ecx, 4)
        movl %edx, (KERNEL_PDE * 4)(%edi, %ecx, 4)
        addl $0x400000, %edx
        incl %ecx
        cmpl $(DIRECT_MAP_MAX >> 22), %ecx
        jb 1b

        movl %edi, %cr3
        movl %cr0, %ecx
        orl $(CR0_PG | CR0_WP), %ecx
        movl %ecx, %cr0

        /* Jump to the higher half; from here on use virtual addresses. */
        movl $higher_half, %ecx
        jmp *%ecx

        .text
higher_half:
        movl $(boot_stack + KSTACK_SIZE), %esp
        xorl %ebp, %ebp                 /* ends backtraces */
        pushl %ebx                      /* Multiboot info (physical) */
        pushl %eax                      /* Multiboot magic */
        call kmain
3:      cli
        hlt
        jmp 3b

        .section .bss
        .align 4096
        .globl boot_pgdir
boot_pgdir:
        .space 4096
        .globl boot_stack
boot_stack:
        .space KSTACK_SIZE
