/*
 * The scheduler.  One CPU, one run "queue" that is simply the thread table:
 * schedule() picks the runnable thread with the smallest vruntime (CPU
 * time weighted by nice, as Linux's CFS does), so a busy thread cannot
 * starve others and nice values shift the shares.  The tick ends a slice;
 * preemption happens at sched_preempt_point() on the way out of an
 * interrupt, in user or kernel mode alike, since kernel critical sections
 * run with interrupts off.  Sleep deadlines sit on a list the tick scans.
 */
#include "kernel/proc/sched_private.h"
#include "kernel/time.h"
#include "kernel/log.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"


static struct thread *current;
static struct thread *idle;             /* the boot thread, threads[0] */
static struct thread *reap;             /* dead thread whose stack is freed after the switch */
static struct thread *timeouts;         /* sleepers with a deadline */
static bool need_resched;
static uint64_t min_vruntime;

/* Nice -20..19 to a weight; each step is about 1.25x (Linux's table, rounded). */
static const uint32_t nice_weight[40] = {
    88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
    9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
    1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
    110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
};

void sched_init(void)
{
    idle = &threads[0];
    memset(idle, 0, sizeof(*idle));
    strlcpy(idle->name, "idle", sizeof(idle->name));
    idle->state = THREAD_RUNNING;
    idle->nice = 19;
    current = idle;
}

struct thread *thread_current(void)
{
    return current;
}

void sched_set_nice(struct thread *t, int nice)
{
    t->nice = nice < -20 ? -20 : nice > 19 ? 19 : nice;
}

/* Charge the running thread for the CPU it used since it was switched in. */
static void account(struct thread *t, uint64_t now)
{
    uint64_t ran = now - t->ran_since;

    t->cpu_ns += ran;
    t->vruntime += ran * 1024 / nice_weight[t->nice + 20];
    t->ran_since = now;
}

void sched_make_runnable(struct thread *t)
{
    pushcli();
    /* a thread back from a long sleep starts level with the others, not far ahead */
    if (t->vruntime + SCHED_SLICE_NS < min_vruntime)
        t->vruntime = min_vruntime - SCHED_SLICE_NS;
    t->state = THREAD_RUNNABLE;
    if (current == idle)
        need_resched = true;
    popcli();
}

static struct thread *pick_next(void)
{
    struct thread *best = NULL;

    for (int i = 1; i < NTHREAD; i++) {
        struct thread *t = &threads[i];
        if (t->state == THREAD_RUNNABLE && (!best || t->vruntime < best->vruntime))
            best = t;
    }
    if (best)
        min_vruntime = best->vruntime;
    return best ? best : idle;
}

void schedule(void)
{
    struct thread *prev = current, *next;
    uint64_t now = time_ns();

    kassert(!arch_irq_enabled());
    account(prev, now);
    if (prev->state == THREAD_RUNNING)
        prev->state = THREAD_RUNNABLE;
    next = pick_next();
    need_resched = false;
    if (next == prev) {
        prev->state = THREAD_RUNNING;
        return;
    }
    if (prev->state == THREAD_DEAD)
        reap = prev;
    next->state = THREAD_RUNNING;
    next->ran_since = now;
    arch_thread_switch(prev, next);
    arch_irq_state_save(&prev->irq);
    current = next;
    arch_switch(&prev->esp, next->esp);
    /* back in prev, some time later */
    sched_finish_switch();
}

/* Runs first thing in the thread switched to, whether old or new. */
void sched_finish_switch(void)
{
    arch_irq_state_restore(&current->irq);
    if (reap && reap != current) {
        thread_free(reap);
        reap = NULL;
    }
}

void sched_yield(void)
{
    pushcli();
    schedule();
    popcli();
}

static void wake_expired(uint64_t now)
{
    struct thread **pp = &timeouts;

    while (*pp) {
        struct thread *t = *pp;
        if (t->wake_at > now) {
            pp = &t->timer_next;
            continue;
        }
        *pp = t->timer_next;            /* off the timeout list */
        t->timer_next = NULL;
        t->wake_at = 0;
        if (t->state == THREAD_SLEEPING) {
            t->wake_result = -ETIMEDOUT;
            if (t->wq)
                waitq_remove(t->wq, t);
            sched_make_runnable(t);
        }
    }
}

void sched_tick(void)
{
    uint64_t now = time_ns();

    wake_expired(now);
    if (current != idle && now - current->ran_since >= SCHED_SLICE_NS)
        need_resched = true;
}

void sched_preempt_point(void)
{
    if (!need_resched)
        return;
    pushcli();
    schedule();
    popcli();
}

/* Put t on the timeout list (interrupts off). */
void sched_add_timeout(struct thread *t, uint64_t deadline)
{
    t->wake_at = deadline;
    t->timer_next = timeouts;
    timeouts = t;
}

void sched_cancel_timeout(struct thread *t)
{
    for (struct thread **pp = &timeouts; *pp; pp = &(*pp)->timer_next)
        if (*pp == t) {
            *pp = t->timer_next;
            break;
        }
    t->timer_next = NULL;
    t->wake_at = 0;
}

int sched_sleep_ns(uint64_t ns, bool interruptible)
{
    struct waitq never = WAITQ_INIT;
    int r;

    pushcli();
    r = waitq_sleep(&never, ns ? ns : 1, interruptible);
    popcli();
    return r == -ETIMEDOUT ? 0 : r;
}

unsigned sched_nr_running(void)
{
    unsigned n = 0;

    for (int i = 1; i < NTHREAD; i++)
        if (threads[i].state == THREAD_RUNNABLE || threads[i].state == THREAD_RUNNING)
            n++;
    return n;
}
