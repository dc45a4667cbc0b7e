/*
 * Waiting for several descriptors: poll() and select(), both straight
 * onto the kernel's calls (kernel/poll.c), which work for every kind of
 * descriptor (files, pipes, the console, sockets).  struct pollfd is the
 * ABI's, and newlib's fd_set (64 descriptors in 32-bit words, bit n%32 of
 * word n/32) is the layout the kernel reads, so nothing is translated
 * (libc/abi_check.c).  newlib declares select() in <sys/select.h> but
 * has no implementation for this target; this is it.
 */
#include <poll.h>
#include <sys/select.h>
#include <sys/time.h>

#include "syscall.h"

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
    return SYSCALL(SYS_poll, fds, nfds, timeout);
}

/*
 * The kernel leaves *timeout unchanged (Linux writes back the time left;
 * POSIX allows either, so portable programs reset it before each call).
 */
int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
           struct timeval *timeout)
{
    return SYSCALL(SYS_select, nfds, readfds, writefds, exceptfds, timeout);
}
