/*
 * Thread creation and exit.  A thread is a kernel stack (kvmap pages with
 * an unmapped guard page below, so an overflow faults instead of
 * corrupting a neighbour) plus a struct thread in a fixed table.  New
 * stacks are laid out so that the first arch_switch into them "returns"
 * into thread_entry or user_thread_entry (kernel/arch/i386/switch.S).
 * A dead thread's stack is freed by the scheduler once it runs on another.
 */
#include "kernel/proc/sched_private.h"
#include "kernel/log.h"
#include "kernel/mm/vm.h"
#include "kernel/arch/i386/trap.h"
#include "kernel/lib/string.h"

void thread_entry(void);            /* switch.S */
void user_thread_entry(void);       /* switch.S */
void thread_start(void);            /* called from switch.S */
void thread_start_user(void);       /* called from switch.S */

struct thread threads[NTHREAD];
static int next_tid = 1;

#define STACK_BYTES (THREAD_STACK_PAGES * PAGE_SIZE)

static struct thread *thread_alloc(const char *name)
{
    struct thread *t = NULL;

    pushcli();
    for (int i = 1; i < NTHREAD; i++)
        if (threads[i].state == THREAD_UNUSED) {
            t = &threads[i];
            memset(t, 0, sizeof(*t));
            t->state = THREAD_SLEEPING;     /* reserved, not yet runnable */
            t->tid = next_tid++;
            break;
        }
    popcli();
    if (!t)
        return NULL;
    strlcpy(t->name, name, sizeof(t->name));
    t->kstack = (uint32_t)kvmap_alloc(THREAD_STACK_PAGES);
    if (!t->kstack) {
        t->state = THREAD_UNUSED;
        return NULL;
    }
    t->irq.depth = 1;               /* it starts inside schedule()'s pushcli */
    t->irq.was_on = true;
    t->nice = 0;                    /* fork copies the parent's nice itself */
    return t;
}

/* Push the frame arch_switch pops: edi esi ebx ebp, then the return address. */
static void push_switch_frame(struct thread *t, uint32_t sp, void (*ret)(void))
{
    uint32_t *s = (uint32_t *)sp;

    *--s = (uint32_t)ret;
    *--s = 0;                       /* ebp */
    *--s = 0;                       /* ebx */
    *--s = 0;                       /* esi */
    *--s = 0;                       /* edi */
    t->esp = (uint32_t)s;
}

struct thread *kthread_create_stopped(const char *name, void (*fn)(void *), void *arg)
{
    struct thread *t = thread_alloc(name);

    if (!t)
        return NULL;
    t->entry = fn;
    t->arg = arg;
    push_switch_frame(t, t->kstack + STACK_BYTES, thread_entry);
    return t;
}

struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
    struct thread *t = kthread_create_stopped(name, fn, arg);

    if (t)
        sched_make_runnable(t);
    return t;
}

struct trapframe *thread_trapframe(struct thread *t)
{
    return (struct trapframe *)(t->kstack + STACK_BYTES - sizeof(struct trapframe));
}

struct thread *thread_create_user(const char *name, struct proc *p, const struct trapframe *tf)
{
    struct thread *t = thread_alloc(name);
    struct trapframe *top;

    if (!t)
        return NULL;
    t->proc = p;
    top = thread_trapframe(t);
    *top = *tf;
    /* below the frame: a dummy slot user_thread_entry skips, then the switch frame */
    push_switch_frame(t, (uint32_t)top - 4, user_thread_entry);
    return t;
}

void thread_start(void)
{
    struct thread *t = thread_current();

    sched_finish_switch();
    popcli();                       /* leave schedule()'s critical section: interrupts on */
    t->entry(t->arg);
    thread_exit();
}

void thread_start_user(void)
{
    sched_finish_switch();
    popcli();
    arch_irq_disable();             /* trap_return restores EFLAGS (IF on) from the frame */
}

_Noreturn void thread_exit(void)
{
    pushcli();
    thread_current()->state = THREAD_DEAD;
    schedule();
    panic("thread_exit: a dead thread was scheduled");
}

void thread_free(struct thread *t)
{
    kvmap_free((void *)t->kstack, THREAD_STACK_PAGES);
    t->kstack = 0;
    t->state = THREAD_UNUSED;
}
