/*
 * bench: Mosaic's micro-benchmarks (`make bench`), shared declarations.
 *
 * The program runs as init (`init=/bin/bench`), times loops with the TSC
 * (clock.c), and prints one line per figure in the format of the Linux
 * reference rig (../shared/rigs/linux-guest/bench.c), so tools/bench.py can
 * pair the two columns by name:
 *   RESULT <name> <unit> median=<m> min=<a> max=<b> reps=<r> ops=<n>
 *   SKIP <name> (<reason>)          when a figure cannot be measured
 * Each figure lives in a file of its own (syscall.c, proc.c, pipe.c,
 * fault.c); main.c runs them and powers the node off.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

#define BENCH_MAXREPS   16          /* repetitions per figure, at most */
#define BENCH_EXEC_TINY "/bin/exit0"    /* the smallest program: exits at once */

/* clock.c: the TSC as a clock. */
int bench_clock_init(void);             /* 0, or -1 if no TSC rate could be found */
double bench_tsc_mhz(void);
const char *bench_tsc_source(void);     /* where the rate came from, for the log */

static inline uint64_t bench_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* Nanoseconds between two TSC readings. */
double bench_tsc_ns(uint64_t t0, uint64_t t1);

/* report.c: one line per figure.  report() sorts v in place. */
void bench_report(const char *name, const char *unit, double *v, int n, long ops);
void bench_skip(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The figures.  Each prints its own RESULT or SKIP lines; quick = fewer repetitions. */
void fig_syscall(int quick);
void fig_fork(int quick);
void fig_exec(int quick, const char *self);
void fig_pipe_pingpong(int quick);
void fig_pipe_bandwidth(int quick);
void fig_faults(int quick);

#endif
