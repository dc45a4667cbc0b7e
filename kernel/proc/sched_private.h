/*
 * Shared between thread.c and sched.c only: the thread table and the two
 * halves of a switch that each file does for the other.
 */
#ifndef PROC_SCHED_PRIVATE_H
#define PROC_SCHED_PRIVATE_H

#include "kernel/sched.h"
#include "kernel/param.h"

extern struct thread threads[NTHREAD];
/* Release a dead thread's stack and slot (called from another thread). */
void thread_free(struct thread *t);
/* First thing a thread does after being switched to (old or new). */
void sched_finish_switch(void);

#endif
