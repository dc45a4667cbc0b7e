/*
 * The end of a process: exit (also the default action of most signals,
 * see signal.c) and waitpid.  A dead process stays a zombie holding its
 * exit status until its parent waits; orphans are handed to init (pid 1).
 */
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/log.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/uvm.h"
#include "kernel/arch.h"
#include "kernel/arch/i386/trap.h"
#include "include/abi/errno.h"
#include "include/abi/signal.h"

static void reparent(struct proc *c, void *arg)
{
    struct proc *dying = arg, *init = proc_find(1);

    if (c->sys.parent != dying)
        return;
    c->sys.parent = init && init != dying ? init : NULL;
    if (c->state == PROC_ZOMBIE && c->sys.parent)
        waitq_wake_all(&c->sys.parent->sys.child_exit);
}

/* Release everything but the slot and the exit status.  Memory goes first: closing
 * files wakes others (a pipe's reader), who may need the pages at once. */
static void release(struct proc *p)
{
    struct vm_space *vm = p->user.vm;

    p->user.vm = NULL;
    uvm_activate(NULL);                 /* off the directory we are about to free */
    if (vm)
        uvm_destroy(vm);
    for (int fd = 0; fd < NOFILE; fd++)
        if (p->sys.files[fd])
            fd_close(p, fd);
    if (p->sys.cwd)
        vnode_put(p->sys.cwd);
    p->sys.cwd = NULL;
}

_Noreturn void proc_exit(int status)
{
    struct proc *p = proc_current();

    kassert(p);
    if (p->pid == 1)
        panic("init exited (status %#x)", status);
    release(p);
    pushcli();
    proc_foreach(reparent, p);
    p->sys.exit_status = status;
    p->state = PROC_ZOMBIE;
    if (p->sys.parent) {
        waitq_wake_all(&p->sys.parent->sys.child_exit);
        proc_kill(p->sys.parent, ABI_SIGCHLD);
    }
    p->thread = NULL;
    if (!p->sys.parent)
        proc_free(p);                   /* nobody will wait: gone at once */
    popcli();
    thread_exit();
}

struct wait_match {
    struct proc *parent;
    int pid;
    struct proc *zombie;
    bool any;
};

static void match_child(struct proc *c, void *arg)
{
    struct wait_match *m = arg;

    if (c->sys.parent != m->parent)
        return;
    if (m->pid > 0 ? c->pid != m->pid : m->pid == 0 ? c->sys.pgid != m->parent->sys.pgid
                                       : m->pid < -1 ? c->sys.pgid != -m->pid : false)
        return;
    m->any = true;
    if (c->state == PROC_ZOMBIE && !m->zombie)
        m->zombie = c;
}

long proc_wait(int pid, int *status, int options)
{
    struct proc *me = proc_current();
    struct wait_match m;
    int r;

    pushcli();
    for (;;) {
        m = (struct wait_match){ me, pid, NULL, false };
        proc_foreach(match_child, &m);
        if (m.zombie || !m.any || (options & ABI_WNOHANG))
            break;
        r = waitq_sleep(&me->sys.child_exit, 0, true);
        if (r == -EINTR) {
            popcli();
            return -EINTR;
        }
    }
    popcli();
    if (!m.zombie)
        return m.any ? 0 : -ECHILD;
    *status = m.zombie->sys.exit_status;
    r = m.zombie->pid;
    proc_free(m.zombie);
    return r;
}
