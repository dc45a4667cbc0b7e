/*
 * Wait queues: the one way a thread sleeps.  A sleeper is linked on the
 * queue (FIFO, so wake_one is fair) and, with a deadline, on the
 * scheduler's timeout list; whichever comes first, a wakeup, the deadline
 * or a signal, takes it off both and records why in wake_result.
 * Everything here runs with interrupts off, which is what makes "test the
 * condition, then sleep" atomic against a waker in an interrupt handler.
 */
#include "kernel/sync.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/log.h"
#include "include/abi/errno.h"

static void enqueue(struct waitq *wq, struct thread *t)
{
    t->wq = wq;
    t->wq_next = NULL;
    if (wq->tail)
        wq->tail->wq_next = t;
    else
        wq->head = t;
    wq->tail = t;
}

void waitq_remove(struct waitq *wq, struct thread *t)
{
    struct thread *prev = NULL;

    for (struct thread *c = wq->head; c; prev = c, c = c->wq_next) {
        if (c != t)
            continue;
        if (prev)
            prev->wq_next = c->wq_next;
        else
            wq->head = c->wq_next;
        if (wq->tail == c)
            wq->tail = prev;
        break;
    }
    t->wq = NULL;
    t->wq_next = NULL;
}

int waitq_sleep(struct waitq *wq, uint64_t timeout_ns, bool interruptible)
{
    struct thread *t = thread_current();

    kassert(!arch_irq_enabled());
    t->wake_result = 0;
    t->interruptible = interruptible;
    enqueue(wq, t);
    if (timeout_ns)
        sched_add_timeout(t, time_ns() + timeout_ns);
    t->state = THREAD_SLEEPING;
    schedule();
    if (t->wake_at)                     /* woken before the deadline */
        sched_cancel_timeout(t);
    return t->wake_result;
}

/* Make a sleeper runnable with the given result (interrupts off). */
static void wake(struct thread *t, int result)
{
    if (t->wq)
        waitq_remove(t->wq, t);
    if (t->wake_at)
        sched_cancel_timeout(t);
    t->wake_result = result;
    sched_make_runnable(t);
}

void waitq_wake_one(struct waitq *wq)
{
    pushcli();
    if (wq->head)
        wake(wq->head, 0);
    popcli();
}

void waitq_wake_all(struct waitq *wq)
{
    pushcli();
    while (wq->head)
        wake(wq->head, 0);
    popcli();
}

bool waitq_empty(const struct waitq *wq)
{
    return wq->head == NULL;
}

void sched_interrupt(struct thread *t)
{
    pushcli();
    if (t->state == THREAD_SLEEPING && t->interruptible)
        wake(t, -EINTR);
    popcli();
}
