/*
 * Page-fault figures: map 8 MiB of fresh anonymous memory and touch the
 * first byte of each page once.  A write fault must find and zero a page;
 * a read fault may map a shared zero page instead (Linux does; Mosaic may
 * allocate).  The mapping is made and removed outside the timed loop.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"

#define FAULT_PAGES 2048

/* ns per page for one pass over a fresh mapping, or -1 if mmap failed. */
static double touch_once(int write, long psz)
{
    volatile char *m = mmap(NULL, FAULT_PAGES * psz, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long sum = 0;
    uint64_t t0;
    double ns;

    if (m == MAP_FAILED)
        return -1;
    t0 = bench_rdtsc();
    if (write)
        for (long i = 0; i < FAULT_PAGES; i++)
            m[i * psz] = 1;
    else
        for (long i = 0; i < FAULT_PAGES; i++)
            sum += m[i * psz];
    ns = bench_tsc_ns(t0, bench_rdtsc()) / FAULT_PAGES;
    munmap((void *)m, FAULT_PAGES * psz);
    (void)sum;
    return ns;
}

static void fault_figure(const char *name, int write, int reps)
{
    double v[BENCH_MAXREPS];
    long psz = getpagesize();

    for (int r = 0; r < reps; r++)
        if ((v[r] = touch_once(write, psz)) < 0) {
            bench_skip(name, "mmap: %s", strerror(errno));
            return;
        }
    bench_report(name, "ns/page", v, reps, FAULT_PAGES);
}

void fig_faults(int quick)
{
    fault_figure("pagefault_anon_write", 1, quick ? 3 : 9);
    fault_figure("pagefault_anon_read_zeropage", 0, quick ? 3 : 9);
}
