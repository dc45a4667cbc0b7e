/*
 * poll(): wait for several descriptors (files, pipes, the console,
 * sockets) at once.  struct pollfd and the event bits are the kernel's
 * (include/abi/poll.h, Linux's values); the glue is libc/poll.c, with
 * select(), which newlib declares in <sys/select.h> but does not provide.
 */
#ifndef _POLL_H
#define _POLL_H

#include <abi/poll.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned int nfds_t;

struct pollfd {
    int fd;                 /* a negative fd is skipped (revents 0) */
    short events;           /* what to wait for: POLLIN, POLLOUT, POLLPRI */
    short revents;          /* what happened; POLLERR, POLLHUP, POLLNVAL come unasked */
};

#define POLLIN      ABI_POLLIN
#define POLLPRI     ABI_POLLPRI
#define POLLOUT     ABI_POLLOUT
#define POLLERR     ABI_POLLERR
#define POLLHUP     ABI_POLLHUP
#define POLLNVAL    ABI_POLLNVAL

/* Returns how many entries have revents, 0 on timeout (ms; -1 waits forever), -1 with errno. */
int poll(struct pollfd *fds, nfds_t nfds, int timeout);

#ifdef __cplusplus
}
#endif

#endif
