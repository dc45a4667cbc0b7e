/*
 * Process system calls: life cycle (exit, fork, execve, waitpid), identity
 * and process groups, signals as far as kill, yield, uname and reboot.
 * User memory only through copyin/copyout/copyinstr.
 */
#include "kernel/syscall.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/arch.h"
#include "kernel/log.h"
#include "kernel/version.h"
#include "kernel/mm/uvm.h"
#include "kernel/proc/exec.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"
#include "include/abi/fcntl.h"

SYSCALL(exit)
{
    proc_exit((int)(ARG(0) & 0xFF) << 8);
}

SYSCALL(fork)
{
    return proc_fork(args->tf);
}

/* Copy a NULL-terminated array of user strings into a. */
static int copy_strings(struct exec_args *a, uint32_t uvec, int *count)
{
    char tmp[256];

    for (*count = 0; uvec; (*count)++, uvec += 4) {
        uint32_t up;
        if (copyin(&up, uvec, 4) < 0)
            return -EFAULT;
        if (!up)
            return 0;
        /* strings may be long: copy in slices, appending each */
        for (uint32_t off = 0;; off += sizeof(tmp) - 1) {
            long n = copyinstr(tmp, up + off, sizeof(tmp));
            if (n == -EFAULT)
                return -EFAULT;
            uint32_t len = n < 0 ? sizeof(tmp) - 1 : (uint32_t)n;
            if (off && a->used)
                a->used--;                      /* join with the previous slice */
            if (exec_args_add(a, tmp, len) < 0)
                return -E2BIG;
            if (n >= 0)
                break;
        }
    }
    return 0;
}

SYSCALL(execve)
{
    char path[ABI_PATH_MAX];
    struct exec_args a;
    long r = copyinstr(path, ARG(0), sizeof(path));

    if (r < 0)
        return r;
    if ((r = exec_args_init(&a)) < 0)
        return r;
    r = copy_strings(&a, ARG(1), &a.argc);
    if (r == 0)
        r = copy_strings(&a, ARG(2), &a.envc);
    if (r == 0)
        r = exec_image(proc_current(), path, &a, args->tf);
    exec_args_free(&a);
    return r;
}

SYSCALL(waitpid)
{
    int status = 0;
    long r = proc_wait((int)ARG(0), &status, (int)ARG(2));

    if (r > 0 && ARG(1) && copyout(ARG(1), &status, sizeof(status)) < 0)
        return -EFAULT;
    return r;
}

SYSCALL(getpid) { return proc_current()->pid; }

SYSCALL(getppid)
{
    struct proc *parent = proc_current()->sys.parent;

    return parent ? parent->pid : 0;
}

struct kill_group { int pgid, sig, hits; };

static void kill_member(struct proc *p, void *arg)
{
    struct kill_group *k = arg;

    if (p->state == PROC_ALIVE && (k->pgid == 0 ? p->pid > 1 : p->sys.pgid == k->pgid)) {
        proc_kill(p, k->sig);
        k->hits++;
    }
}

SYSCALL(kill)
{
    int pid = (int)ARG(0), sig = (int)ARG(1);
    struct kill_group k = { 0, sig, 0 };
    struct proc *p;

    if (sig < 0 || sig >= 32)
        return -EINVAL;
    if (pid > 0)
        return (p = proc_find(pid)) ? proc_kill(p, sig) : -ESRCH;
    k.pgid = pid == 0 ? proc_current()->sys.pgid : pid == -1 ? 0 : -pid;
    proc_foreach(kill_member, &k);
    return k.hits ? 0 : -ESRCH;
}

SYSCALL(setpgid)
{
    int pid = (int)ARG(0), pgid = (int)ARG(1);
    struct proc *me = proc_current(), *p = pid ? proc_find(pid) : me;

    if (pgid < 0)
        return -EINVAL;
    if (!p || (p != me && p->sys.parent != me))
        return -ESRCH;
    p->sys.pgid = pgid ? pgid : p->pid;
    return 0;
}

SYSCALL(getpgrp) { return proc_current()->sys.pgid; }

SYSCALL(getpgid)
{
    struct proc *p = ARG(0) ? proc_find((int)ARG(0)) : proc_current();

    return p ? p->sys.pgid : -ESRCH;
}

SYSCALL(setsid)
{
    struct proc *me = proc_current();

    if (me->sys.pgid == me->pid)
        return -EPERM;
    me->sys.sid = me->sys.pgid = me->pid;
    return me->pid;
}

SYSCALL(sched_yield)
{
    sched_yield();
    return 0;
}

struct utsname_abi {
    char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

SYSCALL(uname)
{
    struct utsname_abi u;

    memset(&u, 0, sizeof(u));
    strlcpy(u.sysname, MOSAIC_NAME, sizeof(u.sysname));
    strlcpy(u.nodename, "mosaic", sizeof(u.nodename));
    strlcpy(u.release, MOSAIC_VERSION, sizeof(u.release));
    strlcpy(u.version, "#1", sizeof(u.version));
    strlcpy(u.machine, "i686", sizeof(u.machine));
    return copyout(ARG(0), &u, sizeof(u));
}

SYSCALL(reboot)
{
    if (ARG(0) == REBOOT_CMD_POWEROFF) {
        kprintf("kernel", "power off\n");
        arch_qemu_exit(QEMU_EXIT_POWEROFF);     /* under QEMU; halts elsewhere */
    }
    if (ARG(0) == REBOOT_CMD_RESTART) {
        kprintf("kernel", "restarting\n");
        arch_reboot();
    }
    return -EINVAL;
}
