/*
 * Jobs: the processes of one pipeline, and the terminal they share.
 * When the shell is interactive each job gets its own process group
 * (its first process's pid) and, in the foreground, the terminal
 * (tcsetpgrp), so ^C reaches the job and not the shell, which ignores
 * SIGINT; when the job is done the shell takes the terminal back and
 * restores its termios in case the program left it raw.  Scripts run
 * without job control: children stay in the shell's group.
 *
 * Every waitpid() result goes through record(), so a background job that
 * ends while we wait for a foreground one is noted, and reported ("[1]
 * Done") before the next prompt.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "sh.h"

#define TTY_FD_MIN 20           /* the shell's own copy of the terminal */

struct job {
    struct job *next;
    int id;                     /* [n] */
    bool background;
    pid_t pgid;                 /* 0 until the first process exists */
    int n, live, cap;
    pid_t *pids;
    int *ws;                    /* wait status of each process */
    char *text;
};

static struct job *jobs;
static int tty_fd = -1;
static pid_t shell_pgid;
static struct termios shell_tmodes;
static volatile sig_atomic_t interrupted;

int status_from_wait(int ws)
{
    return WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : WEXITSTATUS(ws);
}

static void set_signal(int sig, void (*handler)(int))
{
    struct sigaction sa = { .sa_handler = handler };
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

void signals_default(void)
{
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            set_signal(sig, SIG_DFL);
}

/* At exit of the interactive shell: hang up the jobs still running, as a
 * terminal hangup would, so respawned shells do not pile up orphans. */
static void hangup_jobs(void)
{
    if (!sh.interactive || getpid() != shell_pgid)
        return;                         /* a forked child exiting */
    for (struct job *j = jobs; j; j = j->next) {
        if (j->live > 0 && j->pgid > 0) {
            kill(-j->pgid, SIGHUP);
            kill(-j->pgid, SIGCONT);
        }
    }
}

void jobs_init(void)
{
    if (!sh.interactive)
        return;
    atexit(hangup_jobs);
    tty_fd = fcntl(0, F_DUPFD, TTY_FD_MIN);
    if (tty_fd >= 0)
        fcntl(tty_fd, F_SETFD, FD_CLOEXEC);
    static const int ignored[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
        set_signal(ignored[i], SIG_IGN);
    shell_pgid = getpid();
    if (getpgrp() != shell_pgid)
        setpgid(0, shell_pgid);
    tcsetpgrp(tty_fd, shell_pgid);
    tcgetattr(tty_fd, &shell_tmodes);
}

struct job *job_new(const char *text, bool background)
{
    struct job *j = xmalloc(sizeof *j);
    *j = (struct job){ .background = background, .text = xstrdup(text) };
    int id = 1;
    for (struct job *o = jobs; o; o = o->next)
        if (o->id >= id)
            id = o->id + 1;
    j->id = id;
    j->next = jobs;
    jobs = j;
    return j;
}

static void job_free(struct job *j)
{
    for (struct job **pp = &jobs; *pp; pp = &(*pp)->next) {
        if (*pp == j) {
            *pp = j->next;
            break;
        }
    }
    free(j->pids);
    free(j->ws);
    free(j->text);
    free(j);
}

/* In the parent, right after fork (the child does the same: whichever
 * runs first, the group exists before anyone relies on it). */
void job_add(struct job *j, pid_t pid)
{
    if (j->n == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 4;
        j->pids = xrealloc(j->pids, (size_t)j->cap * sizeof *j->pids);
        j->ws = xrealloc(j->ws, (size_t)j->cap * sizeof *j->ws);
    }
    if (!j->pgid)
        j->pgid = pid;
    j->pids[j->n] = pid;
    j->ws[j->n++] = -1;
    j->live++;
    if (sh.interactive)
        setpgid(pid, j->pgid);
}


void job_child_setup(struct job *j)
{
    if (sh.interactive) {
        pid_t pgid = j->pgid ? j->pgid : getpid();
        setpgid(0, pgid);
        if (!j->background)
            tcsetpgrp(tty_fd, pgid);
    }
    signals_default();
    if (!sh.interactive && j->background) {
        set_signal(SIGINT, SIG_IGN);    /* POSIX: `cmd &' in a script ignores ^C */
        set_signal(SIGQUIT, SIG_IGN);
    }
}

/* Note a reaped process in its job; false if it belongs to none. */
static bool record(pid_t pid, int ws)
{
    for (struct job *j = jobs; j; j = j->next) {
        for (int i = 0; i < j->n; i++) {
            if (j->pids[i] == pid && j->ws[i] == -1) {
                j->ws[i] = ws;
                j->live--;
                return true;
            }
        }
    }
    return false;
}

/* Wait for one child; false when there is nothing left to wait for. */
static bool reap_one(int options)
{
    int ws;
    pid_t pid = waitpid(-1, &ws, options);
    if (pid > 0) {
        record(pid, ws);
        return true;
    }
    return pid < 0 && errno == EINTR && !interrupted;
}

static void report_signal(int ws)
{
    if (WIFSIGNALED(ws) && WTERMSIG(ws) != SIGINT && WTERMSIG(ws) != SIGPIPE)
        fprintf(stderr, "%s\n", strsignal(WTERMSIG(ws)));
}

int job_wait_fg(struct job *j)
{
    while (j->live > 0)
        if (!reap_one(0))
            break;                      /* ECHILD: someone else reaped them */
    int ws = j->n ? j->ws[j->n - 1] : 0;
    if (ws == -1)
        ws = 0;
    if (sh.interactive) {
        tcsetpgrp(tty_fd, shell_pgid);
        tcsetattr(tty_fd, TCSADRAIN, &shell_tmodes);
        report_signal(ws);
    }
    job_free(j);
    return status_from_wait(ws);
}

void job_start_bg(struct job *j)
{
    if (j->n == 0) {
        job_free(j);
        return;
    }
    sh.last_bg = j->pids[j->n - 1];
    if (sh.interactive)
        fprintf(stderr, "[%d] %d\n", j->id, (int)sh.last_bg);
}

static const char *job_state(const struct job *j, char *buf, size_t size)
{
    int ws = j->n ? j->ws[j->n - 1] : 0;
    if (j->live > 0)
        return "Running";
    if (WIFSIGNALED(ws))
        return strsignal(WTERMSIG(ws));
    if (WEXITSTATUS(ws) == 0)
        return "Done";
    snprintf(buf, size, "Exit %d", WEXITSTATUS(ws));
    return buf;
}

/* Collect finished children without blocking; interactively, report and
 * forget finished background jobs (scripts keep them for `wait'). */
void jobs_reap(bool report)
{
    while (reap_one(WNOHANG))
        ;
    struct job *j = jobs, *next;
    char buf[16];
    for (; j; j = next) {
        next = j->next;
        if (!j->background || j->live > 0 || !report)
            continue;
        printf("[%d]  %-10s %s\n", j->id, job_state(j, buf, sizeof buf), j->text);
        job_free(j);
    }
    fflush(stdout);
}

void jobs_list(void)
{
    char buf[16];
    jobs_reap(false);
    for (struct job *j = jobs; j; j = j->next)
        if (j->background)
            printf("[%d]  %-10s %s\n", j->id, job_state(j, buf, sizeof buf), j->text);
}

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* One pid: a job member (its status) or any other child (waited directly). */
static int wait_pid(pid_t pid)
{
    for (struct job *j = jobs; j; j = j->next) {
        for (int i = 0; i < j->n; i++) {
            if (j->pids[i] != pid)
                continue;
            while (j->ws[i] == -1 && reap_one(0))
                ;
            int ws = j->ws[i] == -1 ? 0 : j->ws[i];
            if (j->live == 0)
                job_free(j);
            return interrupted ? 130 : status_from_wait(ws);
        }
    }
    int ws;
    pid_t r;
    while ((r = waitpid(pid, &ws, 0)) < 0 && errno == EINTR && !interrupted)
        ;
    return r == pid ? status_from_wait(ws) : interrupted ? 130 : 127;
}

/* `wait [pid]', also used for $(...).  ^C interrupts an interactive wait. */
int jobs_wait(pid_t pid)
{
    interrupted = 0;
    if (sh.interactive)
        set_signal(SIGINT, on_interrupt);
    int status = 0;
    if (pid > 0) {
        status = wait_pid(pid);
    } else {
        while (reap_one(0))
            ;
        status = interrupted ? 130 : 0;
        for (struct job *j = jobs, *next; j && !sh.interactive; j = next) {
            next = j->next;
            if (j->live == 0)
                job_free(j);
        }
    }
    if (sh.interactive)
        set_signal(SIGINT, SIG_IGN);
    return status;
}
