/*
 * Processes (kernel/proc/).  Built for migration from the start
 * (DESIGN.md section 3): a process has an identity, a *system context*
 * that always stays on its home node (open files, cwd, family, process
 * group, exit status), and a *user context* that can move (address space,
 * FPU state, signal handlers and mask; the registers are the trap frame on
 * the thread's kernel stack).  Migration will serialise struct proc_user
 * and nothing else.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <stdint.h>
#include <stdbool.h>
#include "kernel/param.h"
#include "kernel/sync.h"

struct thread;
struct file;
struct vnode;
struct vm_space;
struct trapframe;

enum proc_state { PROC_UNUSED, PROC_EMBRYO, PROC_ALIVE, PROC_ZOMBIE };
/* Where the two halves are (openMosix's vocabulary); everything is HOME until migration. */
enum proc_where { PROC_HOME, PROC_DEPUTY, PROC_REMOTE };

#define FPU_STATE_SIZE 512          /* FXSAVE area; FSAVE needs 108 of it */

#define NSIG_ 32

struct sig_action {
    uint32_t handler;               /* 0 = default, 1 = ignore, else a user function */
    uint32_t mask;                  /* blocked while the handler runs */
    uint32_t flags;
};

/* The half that moves with the process. */
struct proc_user {
    struct vm_space *vm;
    uint8_t *fpu;                   /* FPU_STATE_SIZE bytes, 16-byte aligned */
    uint32_t sigmask;               /* blocked signals: bit n = signal n */
    struct sig_action actions[NSIG_];
    uint32_t sigtramp;              /* user address of the sigreturn trampoline */
    uint32_t saved_mask;            /* sigsuspend: the mask to go back to */
    bool restore_mask;
};

/* The half that stays home.  Guarded by proc_lock. */
struct proc_sys {
    struct file *files[NOFILE];
    uint8_t fd_cloexec[NOFILE];
    struct vnode *cwd;
    struct proc *parent;
    int pgid, sid;
    int exit_status;                /* wait status: (code << 8) | signal */
    uint32_t sig_pending;
    struct waitq child_exit;        /* the parent sleeps here in waitpid */
    uint64_t children_cpu_ns;       /* of waited-for children (times) */
    uint64_t alarm_at;              /* time_ns() deadline of alarm(), 0 = none */
};

struct proc {
    int pid;                        /* the home pid, the same on every node */
    int home_node;
    enum proc_state state;
    enum proc_where where;
    char name[16];
    char cmdline[128];              /* argv, NUL-separated (possibly cut short) */
    uint32_t cmdline_len;
    struct thread *thread;
    struct proc_user user;
    struct proc_sys sys;
    uint64_t start_ns;
};

void proc_init(void);
/* /proc/<pid>/ files and /proc/loadavg (procinfo.c). */
void procinfo_init(void);
struct proc *proc_current(void);        /* NULL in a kernel thread */
struct proc *proc_find(int pid);        /* a live or zombie process, or NULL */
/* A new process slot with a pid, EMBRYO, no thread; NULL and -EAGAIN when the table is full. */
struct proc *proc_alloc(void);
void proc_free(struct proc *p);

/* Start the first user program (pid 1) from path; false if it cannot be loaded. */
bool proc_start_init(const char *path);

/* Process life cycle (fork.c, exec.c, exit.c). */
long proc_fork(struct trapframe *tf);
_Noreturn void proc_exit(int status);
long proc_wait(int pid, int *status, int options);
/* Send sig to p (signal.c): pending until p returns to user mode; wakes it from an
 * interruptible sleep.  0, -EINVAL, -ESRCH. */
int proc_kill(struct proc *p, int sig);
/* Deliver pending signals on the way back to user mode: run a handler (by rewriting tf)
 * or the default action. */
void signal_deliver(struct trapframe *tf);
/* Is there a pending, unblocked signal (a sleep should end with -EINTR)? */
bool signal_pending(struct proc *p);
/* A page fault found no memory: kill the biggest other process (oom.c).  True if one
 * was killed and the fault should be retried; false if the faulting one must go. */
bool oom_reclaim(struct proc *faulting);
/* Timer tick: fire expired alarm() timers. */
void signal_tick(uint64_t now_ns);
/* An exception in user mode: run the process's handler for sig if it has one,
 * else report one line on the console and terminate it. */
void proc_fault(struct trapframe *tf, int sig, const char *what, uint32_t addr);
/* Before returning to user mode: act on pending signals (and, later, migration requests). */
void proc_return_to_user(struct trapframe *tf);

/* File descriptors (fd.c). */
int fd_install(struct proc *p, struct file *f, int min_fd);   /* new fd or -EMFILE */
struct file *fd_get(struct proc *p, int fd);                  /* not referenced; NULL if bad */
int fd_close(struct proc *p, int fd);

/* Iterate over the table (for procfs and kill): visits every non-UNUSED process. */
void proc_foreach(void (*fn)(struct proc *p, void *arg), void *arg);

#endif
