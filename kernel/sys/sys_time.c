/*
 * Time system calls.  Monotonic time is the TSC clock since boot; wall
 * time is that plus the RTC reading taken at the first call.  times()
 * counts in milliseconds, as newlib's clock() expects (NOTES.md).
 */
#include "kernel/syscall.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/mm/uvm.h"
#include "drivers/rtc.h"
#include "include/abi/errno.h"
#include "include/abi/time.h"


static int64_t boot_epoch = -1;

static uint64_t wall_ns(void)
{
    if (boot_epoch < 0)
        boot_epoch = rtc_read_epoch() - (int64_t)(time_ns() / 1000000000u);
    return (uint64_t)boot_epoch * 1000000000u + time_ns();
}

SYSCALL(gettimeofday)
{
    uint64_t ns = wall_ns();
    struct abi_timeval tv = { (int64_t)(ns / 1000000000u), (int32_t)(ns / 1000 % 1000000) };

    return ARG(0) ? copyout(ARG(0), &tv, sizeof(tv)) : 0;
}

SYSCALL(clock_gettime)
{
    uint64_t ns;
    struct abi_timespec_t ts;

    if (ARG(0) == ABI_CLOCK_REALTIME)
        ns = wall_ns();
    else if (ARG(0) == ABI_CLOCK_MONOTONIC)
        ns = time_ns();
    else
        return -EINVAL;
    ts.tv_sec = (int64_t)(ns / 1000000000u);
    ts.tv_nsec = (int32_t)(ns % 1000000000u);
    return copyout(ARG(1), &ts, sizeof(ts));
}

SYSCALL(times)
{
    struct proc *p = proc_current();
    struct abi_tms t = {
        (uint32_t)(p->thread->cpu_ns / 1000000), 0,
        (uint32_t)(p->sys.children_cpu_ns / 1000000), 0,
    };

    if (ARG(0) && copyout(ARG(0), &t, sizeof(t)) < 0)
        return -EFAULT;
    return (long)(time_ns() / 1000000);
}

SYSCALL(nanosleep)
{
    struct abi_timespec_t req;
    uint64_t ns;

    if (copyin(&req, ARG(0), sizeof(req)) < 0)
        return -EFAULT;
    if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000)
        return -EINVAL;
    ns = (uint64_t)req.tv_sec * 1000000000u + (uint64_t)req.tv_nsec;
    return ns ? sched_sleep_ns(ns, true) : 0;
}
