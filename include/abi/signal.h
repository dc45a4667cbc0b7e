/*
 * Signal numbers shared by the kernel and user space: newlib's for
 * i686-elf (sys/signal.h), which are BSD's, not Linux's (SIGCHLD is 20).
 */
#ifndef ABI_SIGNAL_H
#define ABI_SIGNAL_H

#define ABI_SIGHUP    1
#define ABI_SIGINT    2
#define ABI_SIGQUIT   3
#define ABI_SIGILL    4
#define ABI_SIGTRAP   5
#define ABI_SIGABRT   6
#define ABI_SIGEMT    7
#define ABI_SIGFPE    8
#define ABI_SIGKILL   9
#define ABI_SIGBUS    10
#define ABI_SIGSEGV   11
#define ABI_SIGSYS    12
#define ABI_SIGPIPE   13
#define ABI_SIGALRM   14
#define ABI_SIGTERM   15
#define ABI_SIGURG    16
#define ABI_SIGSTOP   17
#define ABI_SIGTSTP   18
#define ABI_SIGCONT   19
#define ABI_SIGCHLD   20
#define ABI_SIGTTIN   21
#define ABI_SIGTTOU   22
#define ABI_SIGIO     23
#define ABI_SIGXCPU   24
#define ABI_SIGXFSZ   25
#define ABI_SIGVTALRM 26
#define ABI_SIGPROF   27
#define ABI_SIGWINCH  28
#define ABI_SIGLOST   29
#define ABI_SIGUSR1   30
#define ABI_SIGUSR2   31
#define ABI_NSIG      32

/* waitpid() options and the status encoding: (exit code << 8) | terminating signal. */
#define ABI_WNOHANG   1
#define ABI_WUNTRACED 2

#endif
