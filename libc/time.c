/*
 * Time: the clocks newlib's time() and clock() read (gettimeofday, times)
 * and the POSIX ones (clock_gettime, nanosleep, sleep, usleep).  Layouts
 * are newlib's: time_t is 64 bits, so struct timeval and struct timespec
 * are 12 bytes; clock ids are newlib's (CLOCK_REALTIME 1, CLOCK_MONOTONIC
 * 4); times() counts in newlib's CLK_TCK, 1000 per second (newlib's clock()
 * assumes it).
 */
#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "syscall.h"

int gettimeofday(struct timeval *tv, void *tz)
{
    return SYSCALL(SYS_gettimeofday, tv, tz);
}

clock_t times(struct tms *buf)
{
    return (clock_t)SYSCALL(SYS_times, buf);
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
    return SYSCALL(SYS_clock_gettime, id, ts);
}

/* On EINTR the kernel stores the unslept time in *rem (if rem is given). */
int nanosleep(const struct timespec *req, struct timespec *rem)
{
    return SYSCALL(SYS_nanosleep, req, rem);
}

/* Returns the seconds left when a signal cut the sleep short. */
unsigned sleep(unsigned seconds)
{
    struct timespec req = { .tv_sec = seconds, .tv_nsec = 0 };
    struct timespec rem = { 0, 0 };     /* stays 0 if the kernel does not fill it */
    if (nanosleep(&req, &rem) == 0)
        return 0;
    return errno == EINTR ? (unsigned)rem.tv_sec + (rem.tv_nsec > 0) : 0;
}

int usleep(useconds_t usec)
{
    struct timespec req = { .tv_sec = usec / 1000000, .tv_nsec = (long)(usec % 1000000) * 1000 };
    return nanosleep(&req, NULL);
}
