/*
 * Time structures and clock ids shared by the kernel and libc: newlib's
 * for i686-elf, where time_t is 64 bits (so struct timespec and timeval
 * are 12 bytes: a long long aligned to 4, then a long) and the clock ids
 * are 1 (realtime) and 4 (monotonic), not Linux's 0 and 1.
 */
#ifndef ABI_TIME_H
#define ABI_TIME_H

#include <stdint.h>

#define ABI_CLOCK_REALTIME   1
#define ABI_CLOCK_MONOTONIC  4

struct abi_timespec_t {
    int64_t tv_sec;
    int32_t tv_nsec;
} __attribute__((packed, aligned(4)));

struct abi_timeval {
    int64_t tv_sec;
    int32_t tv_usec;
} __attribute__((packed, aligned(4)));

struct abi_tms {
    uint32_t tms_utime, tms_stime, tms_cutime, tms_cstime;     /* milliseconds */
};

_Static_assert(sizeof(struct abi_timespec_t) == 12, "newlib's timespec on i386");
_Static_assert(sizeof(struct abi_timeval) == 12, "newlib's timeval on i386");

#endif
