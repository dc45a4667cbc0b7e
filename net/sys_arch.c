/*
 * lwIP's operating-system layer, one to one onto kernel primitives:
 * sys_sem -> struct semaphore, sys_mutex -> struct mutex, sys_thread ->
 * a kernel thread, SYS_ARCH_PROTECT -> pushcli, sys_now -> the TSC clock.
 * A mailbox is a ring of pointers guarded by interrupts-off, with two
 * semaphores counting free slots and queued messages.
 */
#include "lwip/opt.h"
#include "lwip/sys.h"
#include "lwip/err.h"
#include "lwip/priv/api_msg.h"
#include "kernel/sync.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/log.h"
#include "kernel/arch.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/printf.h"
#include "kernel/arch/i386/x86.h"
#include "include/abi/errno.h"
#include <stdarg.h>

struct lwip_mbox {
    void **slots;
    int size, head, count;
    struct semaphore free, used;
};

#define MS(ns) ((uint32_t)((ns) / 1000000u))

void sys_init(void)
{
}

u32_t sys_now(void)
{
    return MS(time_ns());
}

sys_prot_t sys_arch_protect(void)
{
    pushcli();
    return 0;
}

void sys_arch_unprotect(sys_prot_t pval)
{
    (void)pval;
    popcli();
}

/* ---- semaphores ---- */

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
    LWIP_ASSERT("sem != NULL", sem != NULL);
    *sem = kmalloc(sizeof(struct semaphore));
    if (!*sem)
        return ERR_MEM;
    sem_init(*sem, "lwip", count);
    return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
    LWIP_ASSERT("sem valid", sem && *sem);
    kfree(*sem);
    *sem = NULL;
}

void sys_sem_signal(sys_sem_t *sem)
{
    LWIP_ASSERT("sem valid", sem && *sem);
    sem_up(*sem);
}

/* timeout in ms, 0 = forever; returns the ms waited or SYS_ARCH_TIMEOUT. */
u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
    uint64_t t0 = time_ns();

    LWIP_ASSERT("sem valid", sem && *sem);
    if (sem_down(*sem, (uint64_t)timeout * 1000000u, false) == -ETIMEDOUT)
        return SYS_ARCH_TIMEOUT;
    return MS(time_ns() - t0);
}

/* ---- mutexes ---- */

err_t sys_mutex_new(sys_mutex_t *m)
{
    LWIP_ASSERT("mutex != NULL", m != NULL);
    *m = kmalloc(sizeof(struct mutex));
    if (!*m)
        return ERR_MEM;
    mutex_init(*m, "lwip");
    return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *m)
{
    LWIP_ASSERT("mutex valid", m && *m);
    kfree(*m);
    *m = NULL;
}

void sys_mutex_lock(sys_mutex_t *m)
{
    LWIP_ASSERT("mutex valid", m && *m);
    mutex_lock(*m);
}

void sys_mutex_unlock(sys_mutex_t *m)
{
    LWIP_ASSERT("mutex valid", m && *m);
    mutex_unlock(*m);
}

/* ---- mailboxes ---- */

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
    struct lwip_mbox *mb;

    LWIP_ASSERT("mbox != NULL && size > 0", mbox != NULL && size > 0);
    mb = kzalloc(sizeof(*mb));
    if (!mb || !(mb->slots = kmalloc((size_t)size * sizeof(void *)))) {
        kfree(mb);
        return ERR_MEM;
    }
    mb->size = size;
    sem_init(&mb->free, "mbox-free", size);
    sem_init(&mb->used, "mbox-used", 0);
    *mbox = mb;
    return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
    LWIP_ASSERT("mbox valid", mbox && *mbox);
    kfree((*mbox)->slots);
    kfree(*mbox);
    *mbox = NULL;
}

/* Put msg in a slot the caller has already reserved on mb->free. */
static void mbox_put(struct lwip_mbox *mb, void *msg)
{
    pushcli();
    mb->slots[(mb->head + mb->count) % mb->size] = msg;
    mb->count++;
    popcli();
    sem_up(&mb->used);
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
    LWIP_ASSERT("mbox valid", mbox && *mbox);
    sem_down(&(*mbox)->free, 0, false);
    mbox_put(*mbox, msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
    LWIP_ASSERT("mbox valid", mbox && *mbox);
    if (!sem_trydown(&(*mbox)->free))
        return ERR_MEM;
    mbox_put(*mbox, msg);
    return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
    return sys_mbox_trypost(mbox, msg);
}

static void *mbox_take(struct lwip_mbox *mb)
{
    void *msg;

    pushcli();
    msg = mb->slots[mb->head];
    mb->head = (mb->head + 1) % mb->size;
    mb->count--;
    popcli();
    sem_up(&mb->free);
    return msg;
}

/*
 * A user process blocked here (recv, accept) must wake for a signal: the
 * wait then reports a timeout, which lwIP handles, and the socket layer
 * turns it into -EINTR.  Kernel threads wait uninterruptibly.
 */
u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
    uint64_t t0 = time_ns();
    void *m;
    int r;

    LWIP_ASSERT("mbox valid", mbox && *mbox);
    r = sem_down(&(*mbox)->used, (uint64_t)timeout * 1000000u, thread_current()->proc != NULL);
    if (r == -ETIMEDOUT || r == -EINTR)
        return SYS_ARCH_TIMEOUT;
    m = mbox_take(*mbox);
    if (msg)
        *msg = m;
    return MS(time_ns() - t0);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
    void *m;

    LWIP_ASSERT("mbox valid", mbox && *mbox);
    if (!sem_trydown(&(*mbox)->used))
        return SYS_MBOX_EMPTY;
    m = mbox_take(*mbox);
    if (msg)
        *msg = m;
    return 0;
}

/* ---- threads ---- */

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn thread, void *arg, int stacksize, int prio)
{
    struct thread *t = kthread_create(name, thread, arg);

    (void)stacksize, (void)prio;
    if (!t)
        panic("lwIP: cannot create thread %s", name);
    return t;
}

/* ---- diagnostics ---- */

void net_diag(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    kvprintf("lwip", fmt, ap);
    va_end(ap);
}

_Noreturn void net_assert(const char *msg, const char *file, int line)
{
    panic_at(file, line, "lwIP assertion: %s", msg);
}

uint32_t net_rand(void)
{
    static uint32_t x;

    if (!x)
        x = (uint32_t)rdtsc() | 1;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

/* Messages waiting in a mailbox (for poll(): a socket with mail is readable). */
int sys_mbox_pending(sys_mbox_t *mbox)
{
    return mbox && *mbox ? (*mbox)->count : 0;
}

/* Does the mailbox hold one of lwIP's error markers (a closed or reset connection)? */
int sys_mbox_has_err(sys_mbox_t *mbox)
{
    struct lwip_mbox *mb = mbox ? *mbox : NULL;
    int found = 0;
    err_t e;

    if (!mb)
        return 0;
    pushcli();
    for (int i = 0; i < mb->count && !found; i++)
        found = lwip_netconn_is_err_msg(mb->slots[(mb->head + i) % mb->size], &e);
    popcli();
    return found;
}
