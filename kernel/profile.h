/*
 * A sampling profiler in the spirit of Linux's readprofile (kernel/profile.c).
 * With `profile` on the command line, every timer tick records where the
 * interrupted kernel code was (user-mode ticks are only counted); reading
 * /proc/profile lists the functions that took the most ticks, and writing
 * anything to it starts a new count.  Use a fast tick (hz=1000) for detail.
 */
#ifndef KERNEL_PROFILE_H
#define KERNEL_PROFILE_H

struct trapframe;

/* Allocate the counters and register /proc/profile if asked for. */
void profile_init(void);
/* Timer interrupt: count one sample of tf. */
void profile_tick(const struct trapframe *tf);

#endif
