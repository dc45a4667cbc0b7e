/*
 * System call numbers and calling convention, shared by the kernel
 * (kernel/syscall.c) and the newlib glue (libc/).  Numbers follow Linux
 * i386 where Linux has the same call, so strace-style tables and OS
 * textbooks still help; a number is never reused or renumbered.
 *
 * Convention: `int $0x80` with the number in EAX and up to six arguments
 * in EBX, ECX, EDX, ESI, EDI, EBP.  The result comes back in EAX; a value
 * in -4095..-1 is -errno (include/abi/errno.h), anything else is success.
 */
#ifndef ABI_SYSCALL_H
#define ABI_SYSCALL_H

#define SYSCALL_VECTOR      0x80

#define SYS_exit            1
#define SYS_fork            2
#define SYS_read            3
#define SYS_write           4
#define SYS_open            5
#define SYS_close           6
#define SYS_waitpid         7
#define SYS_unlink          10
#define SYS_execve          11
#define SYS_chdir           12
#define SYS_lseek           19
#define SYS_getpid          20
#define SYS_alarm           27
#define SYS_pause           29
#define SYS_kill            37
#define SYS_rename          38
#define SYS_mkdir           39
#define SYS_rmdir           40
#define SYS_dup             41
#define SYS_pipe            42
#define SYS_times           43
#define SYS_brk             45
#define SYS_ioctl           54
#define SYS_fcntl           55
#define SYS_setpgid         57
#define SYS_dup2            63
#define SYS_getppid         64
#define SYS_getpgrp         65
#define SYS_setsid          66
#define SYS_sigaction       67
#define SYS_sigsuspend      72
#define SYS_gettimeofday    78
#define SYS_reboot          88
#define SYS_mmap            90
#define SYS_munmap          91
#define SYS_stat            106
#define SYS_fstat           108
#define SYS_sigreturn       119
#define SYS_uname           122
#define SYS_mprotect        125
#define SYS_sigprocmask     126
#define SYS_getpgid         132
#define SYS_getdents        141
#define SYS_select          142     /* Linux's _newselect */
#define SYS_sched_yield     158
#define SYS_nanosleep       162
#define SYS_poll            168
#define SYS_getcwd          183
#define SYS_clock_gettime   265
#define SYS_socket          359
#define SYS_bind            361
#define SYS_connect         362
#define SYS_listen          363
#define SYS_accept4         364
#define SYS_getsockopt      365
#define SYS_setsockopt      366
#define SYS_getsockname     367
#define SYS_getpeername     368
#define SYS_sendto          369
#define SYS_recvfrom        371
#define SYS_shutdown        373

#define SYS_MAX             384     /* table size: numbers are below this */

/* Mosaic's own calls start here, far from Linux's range. */
#define SYS_mosaic_base     400

/* reboot() commands */
#define REBOOT_CMD_RESTART  0x01234567
#define REBOOT_CMD_POWEROFF 0x4321FEDC

#endif
