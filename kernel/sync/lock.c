/*
 * Spinlocks, mutexes and semaphores.  Spinlocks only disable interrupts
 * (one CPU) but check their use; mutexes and semaphores sleep on a wait
 * queue.  A mutex has an owner, may not be taken twice by it, and may only
 * be released by it: each misuse panics with the lock's name.
 */
#include "kernel/sync.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/log.h"
#include "include/abi/errno.h"

void spin_init(struct spinlock *l, const char *name)
{
    l->name = name;
    l->locked = false;
    l->holder = NULL;
}

void spin_lock(struct spinlock *l)
{
    pushcli();
    if (l->locked)
        panic("spinlock %s: taken again (held by %s)", l->name,
              l->holder ? l->holder->name : "?");
    l->locked = true;
    l->holder = thread_current();
}

void spin_unlock(struct spinlock *l)
{
    if (!l->locked)
        panic("spinlock %s: released but not held", l->name);
    l->locked = false;
    l->holder = NULL;
    popcli();
}

bool spin_held(struct spinlock *l)
{
    return l->locked && l->holder == thread_current();
}

void mutex_init(struct mutex *m, const char *name)
{
    m->name = name;
    m->owner = NULL;
    m->waiters = (struct waitq)WAITQ_INIT;
}

int mutex_lock_timeout(struct mutex *m, uint64_t timeout_ns)
{
    struct thread *me = thread_current();
    uint64_t deadline = timeout_ns ? time_ns() + timeout_ns : 0;
    int r = 0;

    pushcli();
    if (m->owner == me)
        panic("mutex %s: locked twice by %s", m->name, me->name);
    while (m->owner) {
        uint64_t now = time_ns();
        if (deadline && now >= deadline) {
            r = -ETIMEDOUT;
            break;
        }
        waitq_sleep(&m->waiters, deadline ? deadline - now : 0, false);
    }
    if (r == 0)
        m->owner = me;
    popcli();
    return r;
}

void mutex_lock(struct mutex *m)
{
    mutex_lock_timeout(m, 0);
}

bool mutex_trylock(struct mutex *m)
{
    bool ok;

    pushcli();
    ok = m->owner == NULL;
    if (ok)
        m->owner = thread_current();
    popcli();
    return ok;
}

void mutex_unlock(struct mutex *m)
{
    pushcli();
    if (m->owner != thread_current())
        panic("mutex %s: unlocked by %s, which does not hold it", m->name, thread_current()->name);
    m->owner = NULL;
    waitq_wake_one(&m->waiters);
    popcli();
}

bool mutex_held(struct mutex *m)
{
    return m->owner == thread_current();
}

void sem_init(struct semaphore *s, const char *name, int count)
{
    s->name = name;
    s->count = count;
    s->waiters = (struct waitq)WAITQ_INIT;
}

int sem_down(struct semaphore *s, uint64_t timeout_ns, bool interruptible)
{
    uint64_t deadline = timeout_ns ? time_ns() + timeout_ns : 0;
    int r = 0;

    pushcli();
    while (s->count == 0) {
        uint64_t now = time_ns();
        if (deadline && now >= deadline) {
            r = -ETIMEDOUT;
            break;
        }
        r = waitq_sleep(&s->waiters, deadline ? deadline - now : 0, interruptible);
        if (r == -EINTR)
            break;
        r = 0;
    }
    if (r == 0)
        s->count--;
    popcli();
    return r;
}

bool sem_trydown(struct semaphore *s)
{
    bool ok;

    pushcli();
    ok = s->count > 0;
    if (ok)
        s->count--;
    popcli();
    return ok;
}

void sem_up(struct semaphore *s)
{
    pushcli();
    s->count++;
    waitq_wake_one(&s->waiters);
    popcli();
}
