/*
 * poll and select.  One pass computes each descriptor's readiness with
 * interrupts off; if nothing is ready the caller sleeps on the shared
 * queue (still with interrupts off, so no notification can slip in
 * between the scan and the sleep) until a notification, the timeout or a
 * signal.
 */
#include "kernel/poll.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/fs/file.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/uvm.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"
#include "include/abi/poll.h"
#include "include/abi/time.h"

#define POLL_MAX NOFILE

static struct waitq pollers = WAITQ_INIT;

void poll_notify(void)
{
    waitq_wake_all(&pollers);
}

unsigned file_poll(struct file *f)
{
    if (f->ops && f->ops->poll)
        return f->ops->poll(f);
    return ABI_POLLIN | ABI_POLLOUT;
}

/* Fill revents for every entry; returns how many have any. Interrupts off. */
static int scan(struct abi_pollfd *fds, uint32_t n)
{
    struct proc *p = proc_current();
    int ready = 0;

    for (uint32_t i = 0; i < n; i++) {
        struct file *f = fds[i].fd >= 0 ? fd_get(p, fds[i].fd) : NULL;
        unsigned mask = ABI_POLLERR | ABI_POLLHUP | ABI_POLLNVAL;
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            continue;
        if (!f)
            fds[i].revents = ABI_POLLNVAL;
        else
            fds[i].revents = (int16_t)(file_poll(f) & ((unsigned)fds[i].events | mask));
        if (fds[i].revents)
            ready++;
    }
    return ready;
}

/* The common loop: timeout_ns < 0 waits forever. */
static long wait_ready(struct abi_pollfd *fds, uint32_t n, int64_t timeout_ns)
{
    uint64_t deadline = timeout_ns > 0 ? time_ns() + (uint64_t)timeout_ns : 0;
    long r;

    pushcli();
    for (;;) {
        if ((r = scan(fds, n)) > 0 || timeout_ns == 0)
            break;
        uint64_t now = time_ns();
        if (deadline && now >= deadline)
            break;
        if (waitq_sleep(&pollers, deadline ? deadline - now : 0, true) == -EINTR) {
            r = -EINTR;
            break;
        }
    }
    popcli();
    return r;
}

SYSCALL(poll)
{
    uint32_t n = ARG(1);
    int32_t ms = (int32_t)ARG(2);
    struct abi_pollfd *fds;
    long r;

    if (n > POLL_MAX)
        return -EINVAL;
    if (!(fds = kmalloc(n * sizeof(*fds) + 1)))
        return -ENOMEM;
    r = copyin(fds, ARG(0), n * sizeof(*fds));
    if (r == 0)
        r = wait_ready(fds, n, ms < 0 ? -1 : (int64_t)ms * 1000000);
    if (r >= 0 && copyout(ARG(0), fds, n * sizeof(*fds)) < 0)
        r = -EFAULT;
    kfree(fds);
    return r;
}

/* select(nfds, readfds, writefds, exceptfds, timeval): built on the same scan. */
SYSCALL(select)
{
    uint32_t nfds = ARG(0), words = (nfds + 31) / 32, sets[3][POLL_MAX / 32] = { { 0 } };
    struct abi_pollfd fds[POLL_MAX];
    struct abi_timeval tv;
    uint32_t n = 0;
    int64_t timeout = -1;
    long r;

    if (nfds > POLL_MAX)
        return -EINVAL;
    for (int s = 0; s < 3; s++)
        if (ARG(1 + s) && copyin(sets[s], ARG(1 + s), words * 4) < 0)
            return -EFAULT;
    if (ARG(4)) {
        if (copyin(&tv, ARG(4), sizeof(tv)) < 0)
            return -EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0)
            return -EINVAL;
        timeout = tv.tv_sec * 1000000000ll + tv.tv_usec * 1000ll;
    }
    for (uint32_t fd = 0; fd < nfds; fd++) {
        short ev = (short)(((sets[0][fd / 32] >> (fd % 32)) & 1 ? ABI_POLLIN : 0) |
                           ((sets[1][fd / 32] >> (fd % 32)) & 1 ? ABI_POLLOUT : 0) |
                           ((sets[2][fd / 32] >> (fd % 32)) & 1 ? ABI_POLLPRI : 0));
        if (ev)
            fds[n++] = (struct abi_pollfd){ (int32_t)fd, ev, 0 };
    }
    r = wait_ready(fds, n, timeout);
    if (r < 0)
        return r;
    if (r > 0)
        for (uint32_t i = 0; i < n; i++)
            if (fds[i].revents & ABI_POLLNVAL)
                return -EBADF;
    memset(sets, 0, sizeof(sets));
    r = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t fd = (uint32_t)fds[i].fd, bit = 1u << (fd % 32);
        unsigned rev = (unsigned)fds[i].revents;
        if (rev & (ABI_POLLIN | ABI_POLLHUP | ABI_POLLERR) && (fds[i].events & ABI_POLLIN))
            sets[0][fd / 32] |= bit, r++;
        if (rev & (ABI_POLLOUT | ABI_POLLERR) && (fds[i].events & ABI_POLLOUT))
            sets[1][fd / 32] |= bit, r++;
        if (rev & ABI_POLLPRI)
            sets[2][fd / 32] |= bit, r++;
    }
    for (int s = 0; s < 3; s++)
        if (ARG(1 + s) && copyout(ARG(1 + s), sets[s], words * 4) < 0)
            return -EFAULT;
    return r;
}
