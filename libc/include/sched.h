/*
 * newlib's <sched.h> declares sched_yield() only for targets with POSIX
 * threads or priority scheduling; Mosaic has the call (libc/proc.c), so
 * declare it here after newlib's header.
 */
#ifndef MOSAIC_SCHED_H
#define MOSAIC_SCHED_H

#include_next <sched.h>

#if !defined(_POSIX_THREADS) && !defined(_POSIX_PRIORITY_SCHEDULING)
#ifdef __cplusplus
extern "C" {
#endif
int sched_yield(void);
#ifdef __cplusplus
}
#endif
#endif

#endif
