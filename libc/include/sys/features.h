/*
 * newlib's feature macros plus the POSIX options Mosaic provides that
 * newlib's i686-elf configuration leaves out.  Every newlib header reaches
 * <sys/features.h>, and libc/include comes first on the include path, so
 * this file is seen first and pulls in newlib's own with #include_next.
 *
 * _POSIX_TIMERS makes <time.h> declare clock_gettime() and nanosleep()
 * (glue in libc/time.c; the timer_* calls it also declares do not exist);
 * _POSIX_MONOTONIC_CLOCK makes it define CLOCK_MONOTONIC.
 */
#ifndef MOSAIC_SYS_FEATURES_H
#define MOSAIC_SYS_FEATURES_H

#include_next <sys/features.h>

#ifndef _POSIX_TIMERS
#define _POSIX_TIMERS           1
#endif
#ifndef _POSIX_MONOTONIC_CLOCK
#define _POSIX_MONOTONIC_CLOCK  200112L
#endif

#endif
