/*
 * Kernel time (kernel/time.c): the periodic tick and a monotonic
 * nanosecond clock.  The clock reads the TSC, calibrated against the PIT at
 * boot; on a CPU without a TSC it falls back to counting ticks.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <stdint.h>

/* Remember the TSC at kernel entry: time_ns() counts from here. */
void time_mark_boot(void);
/* Calibrate the clock and start the tick at hz interrupts per second. */
void time_init(unsigned hz);
/* Nanoseconds since kernel entry (0 until time_init); never goes backwards. */
uint64_t time_ns(void);
/* Ticks since time_init. */
uint64_t time_ticks(void);
unsigned time_hz(void);
/* TSC cycles per second, 0 without a TSC. */
uint64_t time_tsc_hz(void);
/* Busy-wait at least us microseconds. */
void time_delay_us(unsigned us);

#endif
