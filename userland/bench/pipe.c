/*
 * Pipe figures.  Round trip: one byte to a child over one pipe and back
 * over another (two context switches and four pipe calls per trip).
 * Bandwidth: a child writes 64 MiB in 64 KiB writes, the parent reads
 * until end of file; the clock runs from before fork to the last read,
 * as in the Linux rig.  1 MB = 10^6 bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define BW_CHUNK (64 * 1024)

/* The echo child: read one byte, write it back, until end of file. */
static _Noreturn void echo_child(int in, int out)
{
    char c;

    for (;;) {
        ssize_t k = read(in, &c, 1);
        if (k <= 0)
            _exit(k < 0);
        if (write(out, &c, 1) != 1)
            _exit(1);
    }
}

void fig_pipe_pingpong(int quick)
{
    const char *name = "pipe_pingpong_rtt";
    const long n = quick ? 2000 : 20000;
    const int reps = quick ? 3 : 7;
    double v[BENCH_MAXREPS];
    int a[2], b[2], ok = 1;
    char c = 'x';

    if (pipe(a) < 0 || pipe(b) < 0) {
        bench_skip(name, "pipe: %s", strerror(errno));
        return;
    }
    pid_t p = fork();
    if (p < 0) {
        bench_skip(name, "fork: %s", strerror(errno));
        return;
    }
    if (p == 0) {
        close(a[1]);
        close(b[0]);
        echo_child(a[0], b[1]);
    }
    close(a[0]);
    close(b[1]);
    for (int r = 0; r < reps && ok; r++) {
        uint64_t t0 = bench_rdtsc();
        for (long i = 0; i < n && ok; i++)
            ok = write(a[1], &c, 1) == 1 && read(b[0], &c, 1) == 1;
        v[r] = bench_tsc_ns(t0, bench_rdtsc()) / n / 1000.0;
    }
    close(a[1]);
    close(b[0]);
    waitpid(p, NULL, 0);
    if (ok)
        bench_report(name, "us", v, reps, n);
    else
        bench_skip(name, "write/read: %s", strerror(errno));
}

/* The writer child: total bytes in BW_CHUNK writes; exit 0 if all went. */
static _Noreturn void writer_child(int fd, const char *buf, long total)
{
    for (long left = total; left > 0;) {
        ssize_t k = write(fd, buf, left < BW_CHUNK ? (size_t)left : BW_CHUNK);
        if (k <= 0)
            _exit(1);
        left -= k;
    }
    _exit(0);
}

/* One repetition: MB/s, or -1 with the reason in *why. */
static double bw_once(char *buf, long total, const char **why)
{
    int fd[2], st;
    long got = 0;
    ssize_t k;

    if (pipe(fd) < 0) {
        *why = strerror(errno);
        return -1;
    }
    uint64_t t0 = bench_rdtsc();
    pid_t p = fork();
    if (p < 0) {
        *why = strerror(errno);
        return -1;
    }
    if (p == 0) {
        close(fd[0]);
        writer_child(fd[1], buf, total);
    }
    close(fd[1]);
    while ((k = read(fd[0], buf, BW_CHUNK)) > 0)
        got += k;
    double ns = bench_tsc_ns(t0, bench_rdtsc());
    close(fd[0]);
    waitpid(p, &st, 0);
    if (k < 0 || got != total) {
        *why = k < 0 ? strerror(errno) : "short transfer";
        return -1;
    }
    return (double)total / (ns / 1e9) / 1e6;
}

void fig_pipe_bandwidth(int quick)
{
    const char *name = "pipe_bw_64k";
    const long total = (quick ? 16L : 64L) << 20;
    const int reps = quick ? 3 : 7;
    double v[BENCH_MAXREPS];
    const char *why = "";
    char *buf = malloc(BW_CHUNK);

    if (!buf) {
        bench_skip(name, "malloc failed");
        return;
    }
    memset(buf, 0x5a, BW_CHUNK);
    for (int r = 0; r < reps; r++)
        if ((v[r] = bw_once(buf, total, &why)) < 0) {
            bench_skip(name, "repetition %d: %s", r, why);
            free(buf);
            return;
        }
    free(buf);
    bench_report(name, "MB/s", v, reps, total);
}
