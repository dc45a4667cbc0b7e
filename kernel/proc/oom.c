/*
 * Out of memory.  When a user page fault finds no free page, the process
 * with the most resident pages (never init) is killed, and the faulting
 * process retries once the victim has had a chance to die.  The faulting
 * process is the victim only when it is itself the largest.
 */
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/log.h"
#include "kernel/mm/uvm.h"
#include "include/abi/signal.h"

struct biggest {
    struct proc *p;
    uint32_t pages;
};

static void find_biggest(struct proc *p, void *arg)
{
    struct biggest *b = arg;
    uint32_t pages = p->user.vm ? p->user.vm->pages : 0;

    if (p->state == PROC_ALIVE && p->pid != 1 && pages > b->pages &&
        !(p->sys.sig_pending & (1u << ABI_SIGKILL))) {
        b->p = p;
        b->pages = pages;
    }
}

bool oom_reclaim(struct proc *faulting)
{
    struct biggest b = { NULL, 0 };

    proc_foreach(find_biggest, &b);
    if (!b.p || b.p == faulting)
        return false;
    kprintf("proc", "out of memory: killing %s[%d] (%u KiB) for %s[%d]\n", b.p->name, b.p->pid,
            b.pages * 4, faulting->name, faulting->pid);
    proc_kill(b.p, ABI_SIGKILL);
    sched_sleep_ns(10000000, false);            /* let it run to its end and free its pages */
    return true;
}
