/*
 * The CMOS real-time clock (drivers/rtc.c): read once at boot to anchor
 * wall-clock time; the TSC clock (kernel/time.h) carries it from there.
 */
#ifndef DRIVERS_RTC_H
#define DRIVERS_RTC_H

#include <stdint.h>

/* Seconds since 1970-01-01 UTC as the RTC says now (0 if it reads as garbage). */
int64_t rtc_read_epoch(void);
/* Days since 1970-01-01 for a civil date (pure; host-testable). */
int64_t rtc_days_from_civil(int y, unsigned m, unsigned d);

#endif
