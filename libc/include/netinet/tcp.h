/*
 * TCP-level socket options (setsockopt(fd, IPPROTO_TCP, ...)).  Only
 * TCP_NODELAY exists: it turns off Nagle's algorithm in lwIP, so small
 * writes leave at once (request/response traffic).
 */
#ifndef _NETINET_TCP_H
#define _NETINET_TCP_H

#include <abi/socket.h>

#define TCP_NODELAY     ABI_TCP_NODELAY

#endif
