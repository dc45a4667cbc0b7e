/*
 * fork: a new process with a copy-on-write copy of the address space, the
 * same open files (shared, one more reference each), cwd, process group
 * and FPU state, and a thread that returns from the same system call with
 * 0 in EAX.
 */
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/uvm.h"
#include "kernel/arch.h"
#include "kernel/arch/i386/trap.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

static void copy_sys(struct proc *child, struct proc *parent)
{
    for (int fd = 0; fd < NOFILE; fd++) {
        struct file *f = parent->sys.files[fd];
        if (f) {
            file_ref(f);
            child->sys.files[fd] = f;
            child->sys.fd_cloexec[fd] = parent->sys.fd_cloexec[fd];
        }
    }
    vnode_ref(parent->sys.cwd);
    child->sys.cwd = parent->sys.cwd;
    child->sys.parent = parent;
    child->sys.pgid = parent->sys.pgid;
    child->sys.sid = parent->sys.sid;
}

long proc_fork(struct trapframe *tf)
{
    struct proc *parent = proc_current(), *child = proc_alloc();
    struct trapframe ctf = *tf;
    struct thread *t;

    if (!child)
        return -EAGAIN;
    child->user.vm = uvm_clone(parent->user.vm);
    ctf.eax = 0;                                /* fork returns 0 in the child */
    t = child->user.vm ? thread_create_user(parent->name, child, &ctf) : NULL;
    if (!t) {
        long err = child->user.vm ? -EAGAIN : -ENOMEM;
        if (child->user.vm)
            uvm_destroy(child->user.vm);
        proc_free(child);
        return err;
    }
    arch_fpu_save(child->user.fpu);             /* the parent's registers, right now */
    child->user.sigmask = parent->user.sigmask;         /* the rest of the user context */
    memcpy(child->user.actions, parent->user.actions, sizeof(child->user.actions));
    child->user.sigtramp = parent->user.sigtramp;
    copy_sys(child, parent);
    strlcpy(child->name, parent->name, sizeof(child->name));
    memcpy(child->cmdline, parent->cmdline, sizeof(child->cmdline));
    child->cmdline_len = parent->cmdline_len;
    child->thread = t;
    t->nice = parent->thread->nice;
    t->vruntime = parent->thread->vruntime;
    child->state = PROC_ALIVE;
    sched_make_runnable(t);
    return child->pid;
}
