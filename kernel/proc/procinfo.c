/*
 * What /proc shows about processes: the per-pid files (stat, status,
 * cmdline, in Linux's formats so familiar tools and habits work) and
 * /proc/loadavg, whose averages a small kernel thread recomputes every
 * five seconds (the classic exponentially damped 1/5/15-minute figures).
 */
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/log.h"
#include "kernel/fs/procfs.h"
#include "kernel/mm/uvm.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"

struct next_pid { int after, best; };

static void find_next(struct proc *p, void *arg)
{
    struct next_pid *n = arg;

    if (p->pid > n->after && (n->best < 0 || p->pid < n->best))
        n->best = p->pid;
}

static int next_pid(int after)
{
    struct next_pid n = { after, -1 };

    proc_foreach(find_next, &n);
    return n.best;
}

static char state_char(struct proc *p)
{
    if (p->state == PROC_ZOMBIE)
        return 'Z';
    if (p->thread && (p->thread->state == THREAD_RUNNING || p->thread->state == THREAD_RUNNABLE))
        return 'R';
    return 'S';
}

static int gen_stat(struct proc *p, struct procbuf *b)
{
    struct thread *t = p->thread;
    uint32_t utime = t ? (uint32_t)(t->cpu_ns / 10000000) : 0;   /* in 1/100 s, as Linux */
    uint32_t start = (uint32_t)(p->start_ns / 10000000);
    uint32_t pages = p->user.vm ? p->user.vm->pages : 0;

    return procbuf_printf(b, "%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 %u 0 %u 0 20 %d 1 0 %u %u %u\n",
                          p->pid, p->name, state_char(p), p->sys.parent ? p->sys.parent->pid : 0,
                          p->sys.pgid, p->sys.sid, utime,
                          (uint32_t)(p->sys.children_cpu_ns / 10000000), t ? t->nice : 0,
                          start, pages * 4096, pages);
}

static int gen_status(struct proc *p, struct procbuf *b)
{
    static const char *const where[] = { "home", "deputy", "remote" };
    char st = state_char(p);

    return procbuf_printf(b, "Name:\t%s\nState:\t%c (%s)\nPid:\t%d\nPPid:\t%d\nPGid:\t%d\n"
                          "VmRSS:\t%u kB\nWhere:\t%s\nSigPnd:\t%08x\nSigBlk:\t%08x\n",
                          p->name, st, st == 'R' ? "running" : st == 'Z' ? "zombie" : "sleeping",
                          p->pid, p->sys.parent ? p->sys.parent->pid : 0, p->sys.pgid,
                          p->user.vm ? p->user.vm->pages * 4 : 0, where[p->where],
                          p->sys.sig_pending, p->user.sigmask);
}

static int gen_pid(int pid, const char *file, struct procbuf *b)
{
    struct proc *p = proc_find(pid);

    if (!p)
        return -ESRCH;
    if (strcmp(file, "stat") == 0)
        return gen_stat(p, b);
    if (strcmp(file, "status") == 0)
        return gen_status(p, b);
    if (strcmp(file, "cmdline") == 0)
        return procbuf_write(b, p->cmdline, p->cmdline_len);
    return -ENOENT;
}

static const char *const pid_files[] = { "stat", "status", "cmdline", NULL };
static const struct procfs_pid_provider provider = { next_pid, pid_files, gen_pid, NULL };

/* Fixed point with 11 fraction bits; e^(-5s/1min), e^(-5s/5min), e^(-5s/15min). */
#define FSHIFT 11
#define FIXED_1 (1u << FSHIFT)
static const unsigned decay[3] = { 1884, 2014, 2037 };

struct counts { unsigned total; int last_pid; };

static void count(struct proc *p, void *arg)
{
    struct counts *c = arg;

    c->total++;
    if (p->pid > c->last_pid)
        c->last_pid = p->pid;
}

static void loadavg_thread(void *arg)
{
    unsigned avg[3] = { 0, 0, 0 };

    for (;;) {
        struct procfs_loadavg la;
        struct counts c = { 0, 0 };
        unsigned active = (sched_nr_running() - 1) * FIXED_1;   /* not counting this thread */

        for (int i = 0; i < 3; i++)
            avg[i] = (avg[i] * decay[i] + active * (FIXED_1 - decay[i])) >> FSHIFT;
        proc_foreach(count, &c);
        for (int i = 0; i < 3; i++)
            la.avg[i] = (avg[i] * 100 + FIXED_1 / 2) >> FSHIFT;
        la.running = sched_nr_running() - 1;
        la.total = c.total;
        la.last_pid = c.last_pid;
        procfs_set_loadavg(&la);
        sched_sleep_ns(5000000000ull, false);
    }
}

void procinfo_init(void)
{
    procfs_set_pid_provider(&provider);
    if (!kthread_create("loadavg", loadavg_thread, NULL))
        kprintf("proc", "warning: no loadavg thread\n");
}
