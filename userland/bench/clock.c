/*
 * The benchmark clock: the TSC, read with rdtsc in user mode.  Its rate is
 * the kernel's own calibration ("cpu MHz" in /proc/cpuinfo, from
 * kernel/fs/procfs_files.c); without it, the TSC is timed against
 * clock_gettime(CLOCK_MONOTONIC) for 200 ms.  Under QEMU's TCG the guest
 * TSC follows the host's, so it keeps counting while the guest waits.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#define CALIBRATE_NS 200000000.0

static double tsc_mhz;
static const char *tsc_source = "none";

/* "cpu MHz\t\t: 2994.123" -> 2994.123, or 0 if there is no such line. */
static double cpuinfo_mhz(void)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[128];
    double mhz = 0;

    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "cpu MHz", 7) == 0) {
            const char *colon = strchr(line, ':');
            if (colon && sscanf(colon + 1, "%lf", &mhz) != 1)
                mhz = 0;
            break;
        }
    fclose(f);
    return mhz;
}

static double mono_ns(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
        return -1;
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* TSC ticks per microsecond over CALIBRATE_NS of the monotonic clock. */
static double calibrate_mhz(void)
{
    double m0 = mono_ns(), m1;
    uint64_t t0 = bench_rdtsc(), t1;

    if (m0 < 0)
        return 0;
    do {
        m1 = mono_ns();
        t1 = bench_rdtsc();
    } while (m1 >= 0 && m1 - m0 < CALIBRATE_NS);
    return m1 > m0 ? (double)(t1 - t0) * 1000.0 / (m1 - m0) : 0;
}

int bench_clock_init(void)
{
    tsc_mhz = cpuinfo_mhz();
    if (tsc_mhz > 0) {
        tsc_source = "/proc/cpuinfo";
        return 0;
    }
    tsc_mhz = calibrate_mhz();
    if (tsc_mhz > 0) {
        tsc_source = "calibrated against CLOCK_MONOTONIC";
        return 0;
    }
    return -1;
}

double bench_tsc_mhz(void) { return tsc_mhz; }
const char *bench_tsc_source(void) { return tsc_source; }

double bench_tsc_ns(uint64_t t0, uint64_t t1)
{
    return (double)(t1 - t0) * 1000.0 / tsc_mhz;
}
