/*
 * Signals.  newlib's own signal()/raise() (libc/signal/signal.c) only
 * emulate signals inside the process, so the kernel would never learn of
 * a handler; this file replaces them with versions built on sigaction(),
 * and libmosaic.a comes before newlib's libc.a on the link line so these win.
 *
 * The ABI is newlib's: signal numbers from <sys/signal.h> (BSD numbering:
 * SIGCHLD is 20, SIGUSR1 30), struct sigaction {handler, mask, flags}, and
 * sigset_t an unsigned long with bit N standing for signal N (newlib's
 * sigaddset() macro; not Linux's N-1).  sigaction() also passes the address
 * of the return trampoline (sigtramp.S) as a fourth argument.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "internal.h"
#include "syscall.h"

/* newlib defines these as macros; the functions exist for code that #undefs
 * them or takes their address. */
#undef sigemptyset
#undef sigfillset
#undef sigaddset
#undef sigdelset
#undef sigismember

int kill(pid_t pid, int sig)
{
    return SYSCALL(SYS_kill, pid, sig);
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    return SYSCALL(SYS_sigaction, sig, act, old, __sigreturn_trampoline);
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    return SYSCALL(SYS_sigprocmask, how, set, old);
}

/* Returns only after a handler ran: always -1 with EINTR. */
int sigsuspend(const sigset_t *mask)
{
    return SYSCALL(SYS_sigsuspend, mask);
}

int pause(void)
{
    return SYSCALL(SYS_pause);
}

/* alarm() cannot fail in POSIX; a kernel error reads as "no alarm was set". */
unsigned alarm(unsigned seconds)
{
    long r = SYSCALL(SYS_alarm, seconds);
    return r < 0 ? 0 : (unsigned)r;
}

/* BSD semantics: the handler stays installed after it runs. */
_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
    struct sigaction sa = { .sa_handler = handler, .sa_mask = 0, .sa_flags = 0 };
    struct sigaction old;
    if (sigaction(sig, &sa, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}

/* The kernel delivers the signal on the way back from kill(), before we return. */
int raise(int sig)
{
    return kill(getpid(), sig);
}

static int sig_valid(int sig)
{
    return sig > 0 && sig < NSIG;
}

int sigemptyset(sigset_t *set)
{
    *set = 0;
    return 0;
}

int sigfillset(sigset_t *set)
{
    *set = ~(sigset_t)0;
    return 0;
}

int sigaddset(sigset_t *set, const int sig)
{
    if (!sig_valid(sig))
        return __set_errno(EINVAL);
    *set |= (sigset_t)1 << sig;
    return 0;
}

int sigdelset(sigset_t *set, const int sig)
{
    if (!sig_valid(sig))
        return __set_errno(EINVAL);
    *set &= ~((sigset_t)1 << sig);
    return 0;
}

int sigismember(const sigset_t *set, int sig)
{
    if (!sig_valid(sig))
        return __set_errno(EINVAL);
    return (*set >> sig) & 1;
}
