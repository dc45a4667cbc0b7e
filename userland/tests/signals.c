/*
 * signals: handlers, masks, SIGCHLD, SIGKILL and the default actions.
 *
 * A handler runs with the right number and the signal blocked meanwhile,
 * and the interrupted code resumes with its registers and FPU values
 * intact.  A blocked signal stays pending until unblocked; sigsuspend
 * waits for one.  A child's death raises SIGCHLD (ignored by default).
 * SIGKILL can be neither caught, ignored nor blocked.  Uncaught SIGTERM
 * kills, ignored SIGTERM does not; alarm() interrupts pause() and a
 * blocking waitpid (EINTR).  fork copies handlers, ignored signals and
 * the mask; across execve caught signals return to their default, ignored
 * ones stay ignored and the mask is kept.
 */
#include "check.h"

#define SELF "/bin/tests/signals"

static volatile sig_atomic_t got, got_count, nested_ok;
static volatile int handler_mask_ok;

static void record(int sig)
{
    got = sig;
    got_count++;
}

/* Inside the handler the signal is blocked: a second one waits until we return. */
static void reentrant(int sig)
{
    sigset_t now;

    if (++got_count > 1)
        return;                                         /* the second delivery */
    sigprocmask(SIG_BLOCK, NULL, &now);
    handler_mask_ok = sigismember(&now, sig) && sigismember(&now, SIGUSR2);   /* sa_mask too */
    kill(getpid(), sig);
    nested_ok = got_count == 1;                         /* not delivered inside */
}

static void install(int sig, void (*fn)(int), int mask_sig)
{
    struct sigaction sa = { .sa_handler = fn };

    sigemptyset(&sa.sa_mask);
    if (mask_sig)
        sigaddset(&sa.sa_mask, mask_sig);
    CHECK(sigaction(sig, &sa, NULL) == 0);
}

static void handlers(void)
{
    install(SIGUSR1, record, 0);
    got = 0;
    CHECK(raise(SIGUSR1) == 0);
    CHECK(got == SIGUSR1);
    got_count = 0;
    install(SIGUSR1, reentrant, SIGUSR2);
    CHECK(raise(SIGUSR1) == 0);
    CHECK(got_count == 2 && nested_ok && handler_mask_ok);
    sigset_t now;
    CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0 && !sigismember(&now, SIGUSR1));   /* restored */
    signal(SIGUSR1, SIG_DFL);
}

/* A handler that runs between two steps of a computation must not disturb it. */
static void clobber(int sig)
{
    volatile double x = 1e300;
    (void)sig;
    for (int i = 0; i < 10; i++)
        x = x * 3.0 - 7.5;
    got_count++;
}

static void registers_survive(void)
{
    volatile double acc = 0.5;
    unsigned long a = 0x11111111, b = 0x22222222;

    install(SIGALRM, clobber, 0);
    got_count = 0;
    for (int i = 0; i < 200; i++) {
        kill(getpid(), SIGALRM);                        /* handler runs on the way back */
        acc = acc * 1.5 + 0.25;
        a = a * 3 + 1;
        b ^= a;
    }
    volatile double want = 0.5;                         /* rounded to double each step, as acc */
    unsigned long wa = 0x11111111, wb = 0x22222222;
    for (int i = 0; i < 200; i++) {
        want = want * 1.5 + 0.25;
        wa = wa * 3 + 1;
        wb ^= wa;
    }
    CHECK(got_count == 200);
    CHECK(acc == want && a == wa && b == wb);
    signal(SIGALRM, SIG_DFL);
}

static void masks(void)
{
    sigset_t block, old, wait_for;

    install(SIGUSR1, record, 0);
    got = 0;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    CHECK(sigprocmask(SIG_BLOCK, &block, &old) == 0);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(got == 0);                                    /* pending, not delivered */
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
    CHECK(got == SIGUSR1);                              /* delivered on unblocking */
    /* sigsuspend: wait with SIGUSR1 unblocked; the old mask is back afterwards */
    got = 0;
    CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    sigemptyset(&wait_for);
    CHECK_ERR(sigsuspend(&wait_for), EINTR);
    CHECK(got == SIGUSR1);
    sigset_t now;
    CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0 && sigismember(&now, SIGUSR1));
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
    CHECK(pid > 0 && waitpid(pid, NULL, 0) == pid);
    /* SIGKILL and SIGSTOP cannot be blocked or caught */
    sigfillset(&block);
    CHECK(sigprocmask(SIG_SETMASK, &block, NULL) == 0);
    CHECK(sigprocmask(SIG_SETMASK, NULL, &now) == 0 && !sigismember(&now, SIGKILL));
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
    struct sigaction sa = { .sa_handler = record };
    CHECK_ERR(sigaction(SIGKILL, &sa, NULL), EINVAL);
    sa.sa_handler = SIG_IGN;
    CHECK_ERR(sigaction(SIGKILL, &sa, NULL), EINVAL);
    CHECK_ERR(sigaction(0, &sa, NULL), EINVAL);
    CHECK_ERR(sigaction(NSIG, &sa, NULL), EINVAL);
    CHECK_ERR(kill(getpid(), NSIG + 5), EINVAL);
    CHECK_ERR(kill(30000, SIGTERM), ESRCH);
    CHECK(kill(getpid(), 0) == 0);                      /* signal 0: "do you exist?" */
    signal(SIGUSR1, SIG_DFL);
}

static void sigchld(void)
{
    int status = -1;

    got = 0;
    pid_t pid = fork();                                 /* default: SIGCHLD is ignored */
    if (pid == 0)
        _exit(5);
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 5);
    install(SIGCHLD, record, 0);
    pid = fork();
    if (pid == 0)
        _exit(6);
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 6);
    for (int i = 0; i < 100 && got != SIGCHLD; i++)
        usleep(10 * 1000);
    CHECK(got == SIGCHLD);
    signal(SIGCHLD, SIG_DFL);
}

static void kill_and_default_actions(void)
{
    struct sigaction ign = { .sa_handler = SIG_IGN }, saved[NSIG];
    sigset_t all, old;
    int status = -1;

    /* a child that ignores and blocks everything it can (set up before the
     * fork, so no signal can arrive before it is ready) */
    for (int s = 1; s < NSIG; s++)
        sigaction(s, &ign, &saved[s]);
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &old);
    pid_t pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    for (int s = 1; s < NSIG; s++)
        sigaction(s, &saved[s], NULL);
    CHECK(kill(pid, SIGTERM) == 0 && kill(pid, SIGINT) == 0 && kill(pid, SIGUSR1) == 0);
    usleep(20 * 1000);
    CHECK(waitpid(pid, &status, WNOHANG) == 0);         /* all ignored or blocked */
    CHECK(kill(pid, SIGKILL) == 0);
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_KILLED(status, SIGKILL);
    /* default actions: these all terminate */
    int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGQUIT };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        pid = fork();
        if (pid == 0) {
            for (;;)
                pause();
        }
        CHECK(kill(pid, sigs[i]) == 0);
        CHECK(waitpid(pid, &status, 0) == pid);
        CHECK_KILLED(status, sigs[i]);
    }
}

static void alarms(void)
{
    int status = -1;

    install(SIGALRM, record, 0);
    got = 0;
    CHECK(alarm(1) == 0);
    CHECK_ERR(pause(), EINTR);
    CHECK(got == SIGALRM);
    /* a blocking waitpid is interrupted too */
    pid_t pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    got = 0;
    alarm(1);
    CHECK_ERR(waitpid(pid, &status, 0), EINTR);
    CHECK(got == SIGALRM);
    kill(pid, SIGKILL);
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(alarm(10) == 0 && alarm(0) >= 9);             /* the time left comes back */
    signal(SIGALRM, SIG_DFL);
    /* an alarm nobody handles kills */
    pid = fork();
    if (pid == 0) {
        alarm(1);
        for (;;)
            pause();
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_KILLED(status, SIGALRM);
}

/* fork copies the dispositions: a handler, an ignored signal, the mask. */
static void across_fork(void)
{
    sigset_t hup, now;
    struct sigaction sa;

    install(SIGUSR1, record, 0);
    signal(SIGUSR2, SIG_IGN);
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);
    sigprocmask(SIG_BLOCK, &hup, NULL);
    pid_t pid = check_fork();
    if (pid == 0) {
        CHECK(sigaction(SIGUSR1, NULL, &sa) == 0 && sa.sa_handler == record);
        CHECK(sigaction(SIGUSR2, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN);
        CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0 && sigismember(&now, SIGHUP));
        got = 0;
        kill(getpid(), SIGUSR2);                        /* ignored: we live on */
        kill(getpid(), SIGUSR1);                        /* caught */
        CHECK(got == SIGUSR1);
        check_child_exit();
    }
    sigprocmask(SIG_UNBLOCK, &hup, NULL);
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
    int status = -1;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
}

/* The exec'd side: report how the signals look after execve. */
static int after_exec(void)
{
    struct sigaction sa;
    sigset_t now;

    CHECK(sigaction(SIGUSR1, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL);   /* caught -> default */
    CHECK(sigaction(SIGUSR2, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN);   /* ignored stays */
    CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0 && sigismember(&now, SIGHUP));
    if (check_failures)
        return 1;
    kill(getpid(), SIGUSR2);                            /* ignored: we live on */
    kill(getpid(), SIGUSR1);                            /* default: we die of it */
    return 100;
}

static void across_exec(void)
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        sigset_t hup;
        install(SIGUSR1, record, 0);
        signal(SIGUSR2, SIG_IGN);
        sigemptyset(&hup);
        sigaddset(&hup, SIGHUP);
        sigprocmask(SIG_BLOCK, &hup, NULL);
        char *argv[] = { SELF, "after-exec", NULL };
        execv(SELF, argv);
        _exit(99);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_KILLED(status, SIGUSR1);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "after-exec") == 0)
        return after_exec();
    handlers();
    registers_survive();
    masks();
    sigchld();
    kill_and_default_actions();
    alarms();
    across_fork();
    across_exec();
    return check_status();
}
