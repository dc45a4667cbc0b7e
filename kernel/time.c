/*
 * The tick and the nanosecond clock.  At boot the TSC is timed against a
 * 5 ms one-shot of PIT channel 2 (best of two, since an emulator may
 * stall in the middle of one); from then on time_ns() is pure arithmetic
 * on rdtsc.  The division is split into whole seconds and a remainder so the
 * 64-bit intermediate cannot overflow however long the machine runs.
 */
#include "kernel/time.h"
#include "kernel/arch.h"
#include "kernel/arch/i386/cpu.h"
#include "kernel/arch/i386/x86.h"
#include "drivers/pit.h"
#include "kernel/log.h"
#include "kernel/sched.h"
#include "kernel/proc.h"
#include "kernel/profile.h"

#define CALIBRATE_US 5000

static volatile uint64_t ticks;
static unsigned hz;
static uint64_t tsc_hz, tsc_base;
static uint64_t last_ns;            /* keeps time_ns monotonic across calibration error */

static void time_tick(struct trapframe *tf)
{
    profile_tick(tf);
    ticks++;
    sched_tick();
    signal_tick(time_ns());
}

static uint64_t calibrate_tsc(void)
{
    uint64_t best = 0;

    for (int i = 0; i < 2; i++) {
        uint64_t t0 = rdtsc();
        if (!pit_wait_us(CALIBRATE_US))
            return 0;
        uint64_t d = rdtsc() - t0;
        if (best == 0 || d < best)
            best = d;
    }
    return best * (1000000 / CALIBRATE_US);
}

void time_mark_boot(void)
{
    if (cpu.tsc)
        tsc_base = rdtsc();
}

void time_init(unsigned rate)
{
    uint32_t mhz_rate;

    hz = rate;
    if (cpu.tsc)
        tsc_hz = calibrate_tsc();
    mhz_rate = pit_start_periodic(rate);
    irq_register(0, time_tick);
    if (tsc_hz)
        kprintf("time", "TSC %u.%03u MHz, tick %u.%03u Hz\n", (unsigned)(tsc_hz / 1000000),
                (unsigned)(tsc_hz / 1000 % 1000), mhz_rate / 1000, mhz_rate % 1000);
    else
        kprintf("time", "no usable TSC: clock resolution is one tick (%u Hz)\n", rate);
}

uint64_t time_ns(void)
{
    uint64_t ns;

    if (tsc_hz) {
        uint64_t d = rdtsc() - tsc_base;
        ns = d / tsc_hz * 1000000000ull + d % tsc_hz * 1000000000ull / tsc_hz;
    } else if (hz) {
        ns = ticks * (1000000000ull / hz);
    } else {
        return 0;
    }
    pushcli();
    if (ns < last_ns)
        ns = last_ns;
    last_ns = ns;
    popcli();
    return ns;
}

uint64_t time_ticks(void) { return ticks; }
unsigned time_hz(void) { return hz; }
uint64_t time_tsc_hz(void) { return tsc_hz; }

void time_delay_us(unsigned us)
{
    uint64_t end;

    if (!tsc_hz) {                  /* the tick may be off: count on PIT channel 2 */
        for (; us > 40000; us -= 40000)
            pit_wait_us(40000);
        pit_wait_us(us);
        return;
    }
    end = time_ns() + (uint64_t)us * 1000;
    while (time_ns() < end)
        __asm__ volatile("pause");
}
