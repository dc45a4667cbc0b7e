/*
 * poll() and select() shared by the kernel and libc: Linux's event bits and
 * struct pollfd, and the fd_set layout of newlib (an array of 32-bit words,
 * bit n of word n/32 for descriptor n).
 */
#ifndef ABI_POLL_H
#define ABI_POLL_H

#include <stdint.h>

#define ABI_POLLIN      0x0001
#define ABI_POLLPRI     0x0002
#define ABI_POLLOUT     0x0004
#define ABI_POLLERR     0x0008
#define ABI_POLLHUP     0x0010
#define ABI_POLLNVAL    0x0020

struct abi_pollfd {
    int32_t fd;
    int16_t events;
    int16_t revents;
};

#endif
