/*
 * POSIX signals.  A signal is a bit in the pending set (system context,
 * at home); it is acted on only when the process is about to return to
 * user mode, never in the middle of a system call.  A handler runs on the
 * user stack with a frame holding the interrupted registers, FPU state and
 * signal mask; the trampoline registered with sigaction() calls sigreturn,
 * which checks and restores them.  Default actions: terminate (most),
 * ignore (SIGCHLD, SIGURG, SIGWINCH, SIGCONT); stop signals are ignored
 * until job control exists.
 */
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/log.h"
#include "kernel/mm/uvm.h"
#include "kernel/arch.h"
#include "kernel/arch/i386/trap.h"
#include "kernel/arch/i386/cpu.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"
#include "include/abi/signal.h"

#define SIG_DFL_ 0
#define SIG_IGN_ 1
#define BIT(s) (1u << (s))
#define UNBLOCKABLE (BIT(ABI_SIGKILL) | BIT(ABI_SIGSTOP))
#define DEFAULT_IGNORED (BIT(ABI_SIGCHLD) | BIT(ABI_SIGURG) | BIT(ABI_SIGWINCH) | BIT(ABI_SIGCONT) | \
                         BIT(ABI_SIGSTOP) | BIT(ABI_SIGTSTP) | BIT(ABI_SIGTTIN) | BIT(ABI_SIGTTOU))

/* What a handler finds on its stack (the first two words are its return address and argument). */
struct sigframe {
    uint32_t ret;                   /* the trampoline */
    int32_t signo;
    uint32_t edi, esi, ebp, ebx, edx, ecx, eax;
    uint32_t eip, eflags, esp;
    uint32_t mask;                  /* to restore on sigreturn */
    uint8_t fpu[FPU_STATE_SIZE];
};

int proc_kill(struct proc *p, int sig)
{
    if (sig < 0 || sig >= NSIG_)
        return -EINVAL;
    if (p->state != PROC_ALIVE)
        return p->state == PROC_ZOMBIE ? 0 : -ESRCH;
    if (sig == 0)
        return 0;
    pushcli();
    p->sys.sig_pending |= BIT(sig);
    if (p->thread && signal_pending(p))
        sched_interrupt(p->thread);
    popcli();
    return 0;
}

static bool ignored(struct proc *p, int sig)
{
    uint32_t h = p->user.actions[sig].handler;

    if (p->pid == 1 && (h == SIG_DFL_ || sig == ABI_SIGKILL))
        return true;                            /* as Unix: init gets only the signals it catches */
    return sig != ABI_SIGKILL && (h == SIG_IGN_ || (h == SIG_DFL_ && (DEFAULT_IGNORED & BIT(sig))));
}

bool signal_pending(struct proc *p)
{
    uint32_t live = p->sys.sig_pending & ~(p->user.sigmask & ~UNBLOCKABLE);

    for (int sig = 1; live && sig < NSIG_; sig++)
        if ((live & BIT(sig)) && !ignored(p, sig))
            return true;
    return false;
}

/* Build the handler's frame on the user stack and point tf at the handler. */
static int push_frame(struct proc *p, struct trapframe *tf, int sig)
{
    struct sig_action *a = &p->user.actions[sig];
    struct sigframe f;
    uint32_t sp = ((tf->esp - sizeof(f)) & ~15u) - 4;   /* ABI: esp+4 16-aligned at entry */

    f = (struct sigframe){
        .ret = p->user.sigtramp, .signo = sig,
        .edi = tf->edi, .esi = tf->esi, .ebp = tf->ebp, .ebx = tf->ebx,
        .edx = tf->edx, .ecx = tf->ecx, .eax = tf->eax,
        .eip = tf->eip, .eflags = tf->eflags, .esp = tf->esp,
        .mask = p->user.restore_mask ? p->user.saved_mask : p->user.sigmask,
    };
    p->user.restore_mask = false;
    arch_fpu_save(p->user.fpu);
    memcpy(f.fpu, p->user.fpu, FPU_STATE_SIZE);
    if (copyout(sp, &f, sizeof(f)) < 0)
        return -EFAULT;
    p->user.sigmask |= a->mask | BIT(sig);
    tf->esp = sp;
    tf->eip = a->handler;
    arch_fpu_init_state(p->user.fpu);           /* a handler starts with a clean FPU */
    arch_fpu_restore(p->user.fpu);
    return 0;
}

/* Take sig off the pending set if it may be delivered now. */
static bool take(struct proc *p, int sig)
{
    uint32_t bit = BIT(sig);
    bool ok;

    pushcli();                                  /* interrupts add bits (^C, alarm) */
    ok = (p->sys.sig_pending & bit) && (!(p->user.sigmask & bit) || (UNBLOCKABLE & bit));
    if (ok)
        p->sys.sig_pending &= ~bit;
    popcli();
    return ok;
}

void signal_deliver(struct trapframe *tf)
{
    struct proc *p = proc_current();

    for (int sig = 1; p && sig < NSIG_; sig++) {
        if (!take(p, sig))
            continue;
        if (ignored(p, sig))
            continue;
        if (p->user.actions[sig].handler == SIG_DFL_ || sig == ABI_SIGKILL)
            proc_exit(sig);                     /* default action: terminate */
        if (push_frame(p, tf, sig) < 0) {
            kprintf("proc", "%s[%d]: no room on the stack for a signal %d handler\n", p->name, p->pid, sig);
            proc_exit(ABI_SIGSEGV);
        }
        return;                                 /* one handler at a time */
    }
}

void proc_return_to_user(struct trapframe *tf)
{
    struct proc *p = proc_current();

    if (!p)
        return;
    if (p->sys.sig_pending)
        signal_deliver(tf);
    if (p->user.restore_mask) {                 /* sigsuspend ended without a handler */
        p->user.sigmask = p->user.saved_mask;
        p->user.restore_mask = false;
    }
}

void proc_fault(struct trapframe *tf, int sig, const char *what, uint32_t addr)
{
    struct proc *p = proc_current();
    uint32_t h = p->user.actions[sig].handler;

    if (h > SIG_IGN_ && !(p->user.sigmask & BIT(sig)) && push_frame(p, tf, sig) == 0)
        return;                                 /* the handler may recover (or longjmp away) */
    kprintf("proc", "%s[%d]: %s at eip %#x (address %#x): killed by signal %d\n",
            p->name, p->pid, what, tf->eip, addr, sig);
    proc_exit(sig);
}

static void check_alarm(struct proc *p, void *arg)
{
    uint64_t now = *(uint64_t *)arg;

    if (p->state == PROC_ALIVE && p->sys.alarm_at && p->sys.alarm_at <= now) {
        p->sys.alarm_at = 0;
        proc_kill(p, ABI_SIGALRM);
    }
}

void signal_tick(uint64_t now)
{
    proc_foreach(check_alarm, &now);
}

/* ---- system calls ---- */

SYSCALL(sigaction)
{
    struct proc *p = proc_current();
    int sig = (int)ARG(0);
    struct sig_action act, old;

    if (sig <= 0 || sig >= NSIG_)
        return -EINVAL;
    old = p->user.actions[sig];
    if (ARG(1)) {
        if (sig == ABI_SIGKILL || sig == ABI_SIGSTOP)
            return -EINVAL;
        if (copyin(&act, ARG(1), sizeof(act)) < 0)
            return -EFAULT;
        act.mask &= ~UNBLOCKABLE;
        p->user.actions[sig] = act;
        if (ARG(3))
            p->user.sigtramp = ARG(3);
        if (ignored(p, sig))
            p->sys.sig_pending &= ~BIT(sig);    /* POSIX: ignoring discards a pending one */
    }
    if (ARG(2) && copyout(ARG(2), &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}

SYSCALL(sigprocmask)
{
    struct proc *p = proc_current();
    uint32_t set, old = p->user.sigmask;

    if (ARG(1)) {
        if (copyin(&set, ARG(1), sizeof(set)) < 0)
            return -EFAULT;
        switch (ARG(0)) {
        case 0: p->user.sigmask = set; break;           /* SIG_SETMASK */
        case 1: p->user.sigmask |= set; break;          /* SIG_BLOCK */
        case 2: p->user.sigmask &= ~set; break;         /* SIG_UNBLOCK */
        default: return -EINVAL;
        }
        p->user.sigmask &= ~UNBLOCKABLE;
    }
    if (ARG(2) && copyout(ARG(2), &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}

SYSCALL(sigreturn)
{
    struct proc *p = proc_current();
    struct trapframe *tf = args->tf;
    struct sigframe f;
    uint32_t at = tf->esp - 4;                  /* the handler's ret popped the first word */

    if (copyin(&f, at, sizeof(f)) < 0)
        proc_exit(ABI_SIGSEGV);
    tf->edi = f.edi, tf->esi = f.esi, tf->ebp = f.ebp, tf->ebx = f.ebx;
    tf->edx = f.edx, tf->ecx = f.ecx;
    tf->eip = f.eip, tf->esp = f.esp;
    /* only the arithmetic flags, TF and DF come from user memory; IF stays on, IOPL 0 */
    tf->eflags = (f.eflags & 0xDD5) | 0x202;
    tf->cs = USER_CS;
    tf->ds = tf->es = tf->fs = tf->gs = tf->ss = USER_DS;
    p->user.sigmask = f.mask & ~UNBLOCKABLE;
    memcpy(p->user.fpu, f.fpu, FPU_STATE_SIZE);
    arch_fpu_sanitize(p->user.fpu);             /* bad MXCSR bits would fault in the kernel */
    arch_fpu_restore(p->user.fpu);
    return f.eax;                               /* the dispatcher stores it back into EAX */
}

/* Sleep until a signal arrives; always -EINTR. */
static long wait_for_signal(void)
{
    struct waitq never = WAITQ_INIT;

    pushcli();
    while (!signal_pending(proc_current()))
        waitq_sleep(&never, 0, true);
    popcli();
    return -EINTR;
}

SYSCALL(pause)
{
    return wait_for_signal();
}

SYSCALL(sigsuspend)
{
    struct proc *p = proc_current();
    uint32_t set, old = p->user.sigmask;
    long r;

    if (copyin(&set, ARG(0), sizeof(set)) < 0)
        return -EFAULT;
    p->user.sigmask = set & ~UNBLOCKABLE;
    r = wait_for_signal();
    /* the handler's frame must restore the old mask, not the temporary one */
    p->user.saved_mask = old;
    p->user.restore_mask = true;
    return r;
}

SYSCALL(alarm)
{
    struct proc *p = proc_current();
    uint64_t now = time_ns(), left = p->sys.alarm_at > now ? p->sys.alarm_at - now : 0;

    p->sys.alarm_at = ARG(0) ? now + (uint64_t)ARG(0) * 1000000000u : 0;
    return (long)((left + 999999999u) / 1000000000u);
}
