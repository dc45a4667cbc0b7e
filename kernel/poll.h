/*
 * Waiting on many descriptors at once (kernel/poll.c): poll() and
 * select().  Pollers sleep on one shared wait queue; any file whose
 * readiness may have changed (data arrived, space freed, peer closed)
 * calls poll_notify(), and every poller looks again.  Simple and exact;
 * the cost is a rescan per event, which is small for the handful of
 * descriptors an embedded node polls.
 */
#ifndef KERNEL_POLL_H
#define KERNEL_POLL_H

struct file;

/* Something's readiness changed: wake every poller.  Any context. */
void poll_notify(void);
/* The ABI_POLL* bits that are true for f now. */
unsigned file_poll(struct file *f);

#endif
