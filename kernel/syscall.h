/*
 * System call dispatch (kernel/syscall.c) and the handlers' shared
 * declarations (the handlers live in kernel/sys/).  Each table entry says where the call must
 * run when the process has migrated (DESIGN.md section 3): ANY (memory,
 * signals, sleeping, identity: wherever the process is) or HOME (files,
 * paths, other processes, time: at the home node, through the deputy).
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdint.h>
#include "include/abi/syscall.h"

struct trapframe;

struct syscall_args {
    uint32_t a[6];                  /* EBX ECX EDX ESI EDI EBP */
    struct trapframe *tf;           /* for fork, execve, sigreturn */
};

enum syscall_where { SC_ANY, SC_HOME };

struct syscall_desc {
    long (*fn)(struct syscall_args *args);
    enum syscall_where where;
    const char *name;
};

/* The int $0x80 handler: decode, run, put the result in EAX. */
void syscall_dispatch(struct trapframe *tf);
const struct syscall_desc *syscall_lookup(unsigned nr);

#define SYSCALL(name) long sys_##name(struct syscall_args *args)
#define ARG(i) (args->a[i])

/* kernel/sys/sys_proc.c */
SYSCALL(exit); SYSCALL(fork); SYSCALL(execve); SYSCALL(waitpid); SYSCALL(getpid);
SYSCALL(getppid); SYSCALL(kill); SYSCALL(setpgid); SYSCALL(getpgrp); SYSCALL(getpgid);
SYSCALL(setsid); SYSCALL(sched_yield); SYSCALL(uname); SYSCALL(reboot);
/* kernel/proc/signal.c */
SYSCALL(sigaction); SYSCALL(sigprocmask); SYSCALL(sigreturn); SYSCALL(pause);
SYSCALL(sigsuspend); SYSCALL(alarm);
/* kernel/poll.c */
SYSCALL(poll); SYSCALL(select);
/* net/sys_socket.c, net/sockopt.c */
SYSCALL(socket); SYSCALL(bind); SYSCALL(connect); SYSCALL(listen); SYSCALL(accept4);
SYSCALL(getsockname); SYSCALL(getpeername); SYSCALL(sendto); SYSCALL(recvfrom);
SYSCALL(shutdown); SYSCALL(setsockopt); SYSCALL(getsockopt);
/* kernel/sys/sys_mem.c */
SYSCALL(brk); SYSCALL(mmap); SYSCALL(munmap); SYSCALL(mprotect);
/* kernel/sys/sys_file.c */
SYSCALL(read); SYSCALL(write); SYSCALL(open); SYSCALL(close); SYSCALL(lseek);
SYSCALL(stat); SYSCALL(fstat); SYSCALL(getdents); SYSCALL(dup); SYSCALL(dup2);
SYSCALL(fcntl); SYSCALL(ioctl); SYSCALL(pipe);
/* kernel/sys/sys_path.c */
SYSCALL(mkdir); SYSCALL(rmdir); SYSCALL(unlink); SYSCALL(rename); SYSCALL(chdir);
SYSCALL(getcwd);
/* kernel/sys/sys_time.c */
SYSCALL(gettimeofday); SYSCALL(clock_gettime); SYSCALL(times); SYSCALL(nanosleep);

#endif
