/*
 * Threads and the scheduler (kernel/proc/thread.c, kernel/proc/sched.c).
 * Every process has one thread; kernel threads (the tcpip thread, the hpc
 * daemons, driver receive threads) have none.  The scheduler is preemptive
 * and fair with nice weights: the runnable thread that has had the least
 * weighted CPU time ("vruntime") runs next, for at most one time slice.
 * The boot thread becomes the idle thread and runs only when nothing else can.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>
#include <stdbool.h>
#include "kernel/sync.h"
#include "kernel/arch.h"

struct proc;
struct trapframe;

enum thread_state { THREAD_UNUSED, THREAD_RUNNABLE, THREAD_RUNNING, THREAD_SLEEPING, THREAD_DEAD };

struct thread {
    int tid;
    char name[16];
    enum thread_state state;
    uint32_t kstack;            /* lowest address of the kernel stack pages (0: the boot stack) */
    uint32_t esp;               /* saved kernel stack pointer while switched out */
    struct irq_state irq;       /* pushcli nesting while switched out */
    int nice;                   /* -20 (greedy) .. 19 (polite) */
    uint64_t vruntime;          /* weighted ns of CPU: the smallest runs next */
    uint64_t ran_since;         /* time_ns() when last switched in */
    uint64_t cpu_ns;            /* total CPU time used */
    void (*entry)(void *);
    void *arg;
    /* sleeping: guarded by interrupts being off */
    struct waitq *wq;           /* queue we sleep on, NULL if none */
    struct thread *wq_next;
    struct thread *timer_next;  /* on the timeout list while sleeping with a deadline */
    uint64_t wake_at;           /* 0: no deadline */
    int wake_result;            /* 0, -ETIMEDOUT or -EINTR */
    bool interruptible;
    struct proc *proc;          /* NULL for kernel threads */
};

/* The boot thread becomes thread 0 (idle); call once, early, before any thread exists. */
void sched_init(void);
struct thread *thread_current(void);

/* A runnable kernel thread running fn(arg); NULL if out of threads or memory. */
struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg);
/* Like kthread_create, but not yet runnable (the caller attaches a process first). */
struct thread *kthread_create_stopped(const char *name, void (*fn)(void *), void *arg);
/* A thread for a new process: starts by returning to user mode through tf
 * (copied to the top of its stack). Not yet runnable: call sched_make_runnable. */
struct thread *thread_create_user(const char *name, struct proc *p, const struct trapframe *tf);
_Noreturn void thread_exit(void);
/* The trap frame at the top of a user thread's kernel stack. */
struct trapframe *thread_trapframe(struct thread *t);

void sched_make_runnable(struct thread *t);
void sched_yield(void);
/* Switch away from the current thread, which must not be RUNNING any more.  Interrupts off. */
void schedule(void);
/* Timer interrupt: account time, wake expired sleepers, ask for preemption. */
void sched_tick(void);
/* Called on the way out of an interrupt: switch if a preemption is pending. */
void sched_preempt_point(void);
void sched_set_nice(struct thread *t, int nice);
unsigned sched_nr_running(void);

/* Deadlines of sleeping threads (interrupts off); used by waitq_sleep. */
void sched_add_timeout(struct thread *t, uint64_t deadline_ns);
void sched_cancel_timeout(struct thread *t);
/* Wake a thread sleeping interruptibly (a signal arrived): its sleep returns -EINTR. */
void sched_interrupt(struct thread *t);

/* Sleep for ns (uninterruptible unless interruptible); 0 or -EINTR. */
int sched_sleep_ns(uint64_t ns, bool interruptible);

/* Called by the scheduler when it switches threads (CR3, TSS, FPU). */
void arch_thread_switch(struct thread *prev, struct thread *next);
/* Low-level stack switch (kernel/arch/i386/switch.S). */
void arch_switch(uint32_t *save_esp, uint32_t new_esp);

#endif
