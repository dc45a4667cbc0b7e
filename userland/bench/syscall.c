/*
 * Null system call: a bare `int $0x80` with SYS_getppid, inline, so the
 * figure is the trap, the dispatcher and the return, and no libc at all.
 * (Linux's rig also times glibc's vDSO entry; Mosaic has only int $0x80.)
 */
#include <abi/syscall.h>

#include "bench.h"

static inline long raw_getppid(void)
{
    long r;

    __asm__ __volatile__("int $0x80" : "=a"(r) : "0"(SYS_getppid) : "memory");
    return r;
}

void fig_syscall(int quick)
{
    const long n = quick ? 20000 : 200000;
    const int reps = quick ? 3 : 9;
    double v[BENCH_MAXREPS];
    volatile long sink = 0;

    if (raw_getppid() < 0) {
        bench_skip("syscall_getppid_int80", "getppid failed: %ld", raw_getppid());
        return;
    }
    for (int r = 0; r < reps; r++) {
        uint64_t t0 = bench_rdtsc();
        for (long i = 0; i < n; i++)
            sink += raw_getppid();
        v[r] = bench_tsc_ns(t0, bench_rdtsc()) / n;
    }
    bench_report("syscall_getppid_int80", "ns", v, reps, n);
    (void)sink;
}
