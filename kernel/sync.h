/*
 * Kernel synchronisation (kernel/sync/): spinlocks for short critical
 * sections (interrupts off, the holder recorded), and sleeping primitives
 * built on wait queues: mutexes and counting semaphores, both with
 * timeouts.  lwIP's sys_arch maps onto these one to one (issue 4).
 *
 * Mosaic runs on one CPU: a spinlock is pushcli plus bookkeeping that
 * catches misuse (taking a lock twice, releasing one not held) with a panic
 * naming the lock.
 */
#ifndef KERNEL_SYNC_H
#define KERNEL_SYNC_H

#include <stdint.h>
#include <stdbool.h>

struct thread;

struct spinlock {
    const char *name;
    bool locked;
    struct thread *holder;          /* NULL when free or held before threads exist */
};

#define SPINLOCK_INIT(n) { .name = (n) }
void spin_init(struct spinlock *l, const char *name);
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
bool spin_held(struct spinlock *l);

/* A list of threads sleeping for the same reason. */
struct waitq {
    struct thread *head, *tail;
};

#define WAITQ_INIT { NULL, NULL }

/* Sleep on wq until woken or timeout_ns passes (0 = forever).  Interrupts must be
 * disabled by the caller (pushcli), which is how "check condition, then sleep" stays
 * race free; they are still disabled on return.
 * Returns 0 when woken, -ETIMEDOUT, or -EINTR if interruptible and a signal arrived. */
int waitq_sleep(struct waitq *wq, uint64_t timeout_ns, bool interruptible);
/* Wake one (the longest waiting) or all sleepers; callable from interrupt handlers. */
void waitq_wake_one(struct waitq *wq);
void waitq_wake_all(struct waitq *wq);
bool waitq_empty(const struct waitq *wq);
/* Take t off wq (the scheduler, when a sleep times out).  Interrupts off. */
void waitq_remove(struct waitq *wq, struct thread *t);

struct mutex {
    const char *name;
    struct thread *owner;
    struct waitq waiters;
};

#define MUTEX_INIT(n) { .name = (n) }
void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
/* 0 when acquired, -ETIMEDOUT after timeout_ns. */
int mutex_lock_timeout(struct mutex *m, uint64_t timeout_ns);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_held(struct mutex *m);   /* by the current thread */

struct semaphore {
    const char *name;
    int count;
    struct waitq waiters;
};

void sem_init(struct semaphore *s, const char *name, int count);
/* Take one unit; 0, -ETIMEDOUT (timeout_ns > 0 and it passed) or -EINTR (interruptible). */
int sem_down(struct semaphore *s, uint64_t timeout_ns, bool interruptible);
bool sem_trydown(struct semaphore *s);
void sem_up(struct semaphore *s);

#endif
