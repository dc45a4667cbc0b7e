/*
 * The process table: slots, pid allocation, lookup, and the start of the
 * first user program.  Pids count up and wrap at PID_MAX, skipping those in
 * use, so a pid is not reused soon after its process is reaped.
 */
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "kernel/mm/kheap.h"
#include "kernel/mm/uvm.h"
#include "kernel/fs/vfs.h"
#include "kernel/proc/exec.h"
#include "kernel/arch/i386/trap.h"
#include "kernel/arch.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

static struct proc procs[NPROC];
static struct spinlock proc_lock = SPINLOCK_INIT("proc_lock");
static int last_pid;

void proc_init(void)
{
    memset(procs, 0, sizeof(procs));
}

struct proc *proc_current(void)
{
    struct thread *t = thread_current();

    return t ? t->proc : NULL;
}

static bool pid_in_use(int pid)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].state != PROC_UNUSED && procs[i].pid == pid)
            return true;
    return false;
}

struct proc *proc_alloc(void)
{
    struct proc *p = NULL;

    spin_lock(&proc_lock);
    for (int i = 0; i < NPROC && !p; i++)
        if (procs[i].state == PROC_UNUSED)
            p = &procs[i];
    if (p) {
        do
            last_pid = last_pid >= PID_MAX ? 2 : last_pid + 1;
        while (pid_in_use(last_pid));
        memset(p, 0, sizeof(*p));
        p->pid = last_pid;
        p->state = PROC_EMBRYO;
    }
    spin_unlock(&proc_lock);
    if (!p)
        return NULL;
    p->user.fpu = kmalloc(FPU_STATE_SIZE);
    if (!p->user.fpu) {
        p->state = PROC_UNUSED;
        return NULL;
    }
    arch_fpu_init_state(p->user.fpu);
    p->start_ns = time_ns();
    p->where = PROC_HOME;
    return p;
}

void proc_free(struct proc *p)
{
    kfree(p->user.fpu);
    p->user.fpu = NULL;
    spin_lock(&proc_lock);
    p->state = PROC_UNUSED;
    spin_unlock(&proc_lock);
}

struct proc *proc_find(int pid)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].state != PROC_UNUSED && procs[i].state != PROC_EMBRYO && procs[i].pid == pid)
            return &procs[i];
    return NULL;
}

void proc_foreach(void (*fn)(struct proc *p, void *arg), void *arg)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].state == PROC_ALIVE || procs[i].state == PROC_ZOMBIE)
            fn(&procs[i], arg);
}

/* The init thread: load the program into the (empty) process, then enter user mode. */
static void init_thread(void *arg)
{
    struct proc *p = proc_current();
    const char *path = arg;
    const char *argv[] = { path, NULL };
    const char *envp[] = { "PATH=/bin", "HOME=/", "TERM=vt100", NULL };
    struct trapframe tf;

    if (exec_kernel(p, path, argv, envp, &tf) < 0)
        panic("init: cannot run %s", path);
    arch_enter_user(&tf);
}

bool proc_start_init(const char *path)
{
    struct proc *p = proc_alloc();
    struct thread *t;

    if (!p)
        return false;
    kassert(p->pid == 1);               /* the first process */
    p->sys.pgid = p->sys.sid = 1;
    p->sys.cwd = vfs_root();
    for (int fd = 0; fd < 3; fd++) {    /* stdin, stdout, stderr */
        struct file *f;
        if (vfs_open(NULL, "/dev/console", ABI_O_RDWR, 0, &f) == 0)
            fd_install(p, f, fd);
    }
    p->user.vm = uvm_create();
    t = kthread_create_stopped("init", init_thread, (void *)path);
    if (!p->user.vm || !t)
        return false;
    t->proc = p;
    p->thread = t;
    p->state = PROC_ALIVE;
    sched_make_runnable(t);
    return true;
}
