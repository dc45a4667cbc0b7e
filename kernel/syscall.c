/*
 * The system call table and dispatcher.  Numbers are the ABI's
 * (include/abi/syscall.h); an unknown or unimplemented number returns
 * -ENOSYS.  Where each call runs after migration is declared here, once.
 */
#include "kernel/syscall.h"
#include "kernel/proc.h"
#include "kernel/arch/i386/trap.h"
#include "include/abi/errno.h"

#define CALL(nr, fn, where) [SYS_##nr] = { sys_##fn, where, #nr }

static const struct syscall_desc table[SYS_MAX] = {
    CALL(exit, exit, SC_ANY),
    CALL(fork, fork, SC_HOME),
    CALL(read, read, SC_HOME),
    CALL(write, write, SC_HOME),
    CALL(open, open, SC_HOME),
    CALL(close, close, SC_HOME),
    CALL(waitpid, waitpid, SC_HOME),
    CALL(unlink, unlink, SC_HOME),
    CALL(execve, execve, SC_HOME),
    CALL(chdir, chdir, SC_HOME),
    CALL(lseek, lseek, SC_HOME),
    CALL(getpid, getpid, SC_ANY),
    CALL(kill, kill, SC_HOME),
    CALL(rename, rename, SC_HOME),
    CALL(mkdir, mkdir, SC_HOME),
    CALL(rmdir, rmdir, SC_HOME),
    CALL(dup, dup, SC_HOME),
    CALL(pipe, pipe, SC_HOME),
    CALL(times, times, SC_HOME),
    CALL(brk, brk, SC_ANY),
    CALL(ioctl, ioctl, SC_HOME),
    CALL(fcntl, fcntl, SC_HOME),
    CALL(setpgid, setpgid, SC_HOME),
    CALL(dup2, dup2, SC_HOME),
    CALL(getppid, getppid, SC_HOME),
    CALL(getpgrp, getpgrp, SC_HOME),
    CALL(setsid, setsid, SC_HOME),
    CALL(gettimeofday, gettimeofday, SC_HOME),
    CALL(reboot, reboot, SC_HOME),
    CALL(mmap, mmap, SC_ANY),
    CALL(munmap, munmap, SC_ANY),
    CALL(stat, stat, SC_HOME),
    CALL(fstat, fstat, SC_HOME),
    CALL(uname, uname, SC_ANY),
    CALL(mprotect, mprotect, SC_ANY),
    CALL(getpgid, getpgid, SC_HOME),
    CALL(getdents, getdents, SC_HOME),
    CALL(sched_yield, sched_yield, SC_ANY),
    CALL(nanosleep, nanosleep, SC_ANY),
    CALL(getcwd, getcwd, SC_HOME),
    CALL(clock_gettime, clock_gettime, SC_HOME),
    CALL(sigaction, sigaction, SC_ANY),
    CALL(sigprocmask, sigprocmask, SC_ANY),
    CALL(sigreturn, sigreturn, SC_ANY),
    CALL(pause, pause, SC_ANY),
    CALL(sigsuspend, sigsuspend, SC_ANY),
    CALL(alarm, alarm, SC_HOME),
    CALL(poll, poll, SC_HOME),
    CALL(select, select, SC_HOME),
    CALL(socket, socket, SC_HOME),
    CALL(bind, bind, SC_HOME),
    CALL(connect, connect, SC_HOME),
    CALL(listen, listen, SC_HOME),
    CALL(accept4, accept4, SC_HOME),
    CALL(getsockopt, getsockopt, SC_HOME),
    CALL(setsockopt, setsockopt, SC_HOME),
    CALL(getsockname, getsockname, SC_HOME),
    CALL(getpeername, getpeername, SC_HOME),
    CALL(sendto, sendto, SC_HOME),
    CALL(recvfrom, recvfrom, SC_HOME),
    CALL(shutdown, shutdown, SC_HOME),
};

const struct syscall_desc *syscall_lookup(unsigned nr)
{
    return nr < SYS_MAX && table[nr].fn ? &table[nr] : NULL;
}

void syscall_dispatch(struct trapframe *tf)
{
    const struct syscall_desc *d = syscall_lookup(tf->eax);
    struct syscall_args args = {
        { tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp }, tf,
    };

    /* Until migration exists every process is HOME, so where says nothing yet. */
    tf->eax = d ? (uint32_t)d->fn(&args) : (uint32_t)-ENOSYS;
}
