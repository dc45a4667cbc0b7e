/*
 * init: the first user process (pid 1), started by the kernel with
 * descriptors 0-2 on /dev/console.  It
 *   1. checks the file systems the kernel mounted (/, /dev, /proc) and
 *      makes /tmp if it is missing,
 *   2. runs `/bin/sh /etc/rc' and waits for it,
 *   3. starts a login shell on each console in `consoles[]', each in its
 *      own session and process group owning its terminal,
 *   4. forever reaps every child (orphans are re-parented to init) and
 *      starts a new shell when one exits; a shell that dies at once is
 *      restarted only after a pause, so a broken shell cannot spin.
 * init itself ignores the terminal signals: pid 1 must never die (the
 * kernel panics when it does).  It prints "init: ..." lines that tests
 * and people can follow.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHELL       "/bin/sh"
#define RC_SCRIPT   "/etc/rc"
#define QUICK_DEATH 2           /* seconds: a shell dying sooner is "at once" */
#define BACKOFF_MAX 30          /* seconds: the longest pause before a respawn */

/* One terminal with a shell on it.  A second console is one more line. */
struct console {
    const char *device;
    pid_t pid;                  /* its shell, 0 when none runs */
    time_t started;
    unsigned quick_deaths;      /* in a row; sets the pause */
};

static struct console consoles[] = {
    { .device = "/dev/console" },
};
#define NCONSOLES (sizeof consoles / sizeof consoles[0])

static char *shell_env[] = { "PATH=/bin", "HOME=/", "TERM=vt100", "PS1=$ ", NULL };

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("init: ", stdout);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

static time_t now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
        return time(NULL);
    return ts.tv_sec;
}

/* If the kernel started us without standard descriptors, open the console. */
static void open_console(void)
{
    if (fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0)
        return;
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0 && open(consoles[0].device, O_RDWR) < 0)
            return;
}

/* The kernel mounts /, /dev and /proc itself; we only look and fill in /tmp. */
static void check_filesystems(void)
{
    static const char *const needed[] = { "/dev", "/proc" };
    struct stat st;
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (stat(needed[i], &st) < 0 || !S_ISDIR(st.st_mode))
            say("warning: %s is not mounted\n", needed[i]);
    if (stat("/tmp", &st) < 0 && mkdir("/tmp", 01777) < 0)
        say("warning: cannot make /tmp: %s\n", strerror(errno));
}

/* init ignores what a terminal or a stray kill could send it; children get
 * the defaults back (an ignored signal would stay ignored across exec). */
static void set_signals(void (*action)(int))
{
    static const int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], action);
}

/* In a child: make dev the controlling terminal's descriptors 0-2. */
static int attach_terminal(const char *dev)
{
    int fd = open(dev, O_RDWR);
    if (fd < 0)
        return -1;
    for (int i = 0; i < 3; i++)
        if (fd != i)
            dup2(fd, i);
    if (fd > 2)
        close(fd);
    return 0;
}

/* Fork and exec path in a new session, on tty if given; the pid or -1. */
static pid_t spawn(const char *path, char *const argv[], const char *tty)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0) {
        if (pid < 0)
            say("fork: %s\n", strerror(errno));
        return pid;
    }
    setsid();
    set_signals(SIG_DFL);
    if (tty) {
        if (attach_terminal(tty) < 0)
            _exit(126);
        tcsetpgrp(0, getpid());
    }
    execve(path, argv, shell_env);
    fprintf(stderr, "init: cannot run %s: %s\n", path, strerror(errno));
    _exit(127);
}

static struct console *console_of(pid_t pid)
{
    for (size_t i = 0; i < NCONSOLES; i++)
        if (consoles[i].pid == pid)
            return &consoles[i];
    return NULL;
}

static void describe_exit(const char *what, pid_t pid, int ws)
{
    if (WIFSIGNALED(ws))
        say("%s (pid %d) killed by signal %d\n", what, (int)pid, WTERMSIG(ws));
    else
        say("%s (pid %d) exited with status %d\n", what, (int)pid, WEXITSTATUS(ws));
}

/* Run /etc/rc to completion; orphans reaped meanwhile are just dropped. */
static void run_rc(void)
{
    struct stat st;
    if (stat(RC_SCRIPT, &st) < 0)
        return;
    say("running %s\n", RC_SCRIPT);
    char *argv[] = { "sh", RC_SCRIPT, NULL };
    pid_t rc = spawn(SHELL, argv, NULL);
    int ws;
    pid_t pid;
    while (rc > 0 && (pid = wait(&ws)) != rc)
        if (pid < 0 && errno == ECHILD)
            return;
    if (rc > 0 && ws != 0)
        describe_exit(RC_SCRIPT, rc, ws);
}

static void start_shell(struct console *c)
{
    char login_name[] = "-sh";              /* argv[0] "-sh": a login shell */
    char *argv[] = { login_name, NULL };
    say("starting shell on %s\n", c->device);
    pid_t pid = spawn(SHELL, argv, c->device);
    c->pid = pid > 0 ? pid : 0;
    c->started = now();
}

/* A shell ended: wait a little if it keeps dying at once, then restart it. */
static void respawn(struct console *c, int ws)
{
    describe_exit("shell", c->pid, ws);
    c->pid = 0;
    if (now() - c->started < QUICK_DEATH) {
        unsigned pause = 1u << (c->quick_deaths < 5 ? c->quick_deaths : 5);
        if (pause > BACKOFF_MAX)
            pause = BACKOFF_MAX;
        c->quick_deaths++;
        say("shell on %s exited at once; waiting %u s\n", c->device, pause);
        sleep(pause);
    } else {
        c->quick_deaths = 0;
    }
    start_shell(c);
}

int main(void)
{
    open_console();
    set_signals(SIG_IGN);
    say("started (pid %d)\n", (int)getpid());
    check_filesystems();
    run_rc();
    for (size_t i = 0; i < NCONSOLES; i++)
        start_shell(&consoles[i]);
    for (;;) {
        int ws;
        pid_t pid = wait(&ws);
        if (pid < 0) {
            if (errno == ECHILD)
                sleep(1);                   /* every fork failed: try again later */
            for (size_t i = 0; i < NCONSOLES; i++)
                if (consoles[i].pid == 0)
                    start_shell(&consoles[i]);
            continue;
        }
        struct console *c = console_of(pid);
        if (c)
            respawn(c, ws);
    }
}
