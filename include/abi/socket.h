/*
 * BSD sockets as the kernel sees them: address families, socket types,
 * socket options and struct sockaddr_in, with Linux's values and layout
 * (newlib has no socket headers; libc/include/sys/socket.h and
 * netinet/in.h use these).
 */
#ifndef ABI_SOCKET_H
#define ABI_SOCKET_H

#include <stdint.h>

#define ABI_AF_INET         2
#define ABI_SOCK_STREAM     1
#define ABI_SOCK_DGRAM      2
#define ABI_SOCK_RAW        3
#define ABI_SOCK_NONBLOCK   0x800       /* may be or-ed into the type */
#define ABI_SOCK_CLOEXEC    0x80000

#define ABI_SOL_SOCKET      1
#define ABI_SO_REUSEADDR    2
#define ABI_SO_TYPE         3
#define ABI_SO_ERROR        4
#define ABI_SO_BROADCAST    6
#define ABI_SO_SNDBUF       7
#define ABI_SO_RCVBUF       8
#define ABI_SO_KEEPALIVE    9
#define ABI_SO_RCVTIMEO     20          /* struct timeval (include/abi/time.h) */
#define ABI_SO_SNDTIMEO     21

#define ABI_IPPROTO_IP      0
#define ABI_IPPROTO_ICMP    1
#define ABI_IPPROTO_TCP     6
#define ABI_IPPROTO_UDP     17
#define ABI_TCP_NODELAY     1
#define ABI_IP_MULTICAST_TTL   33
#define ABI_IP_MULTICAST_LOOP  34
#define ABI_IP_ADD_MEMBERSHIP  35
#define ABI_IP_DROP_MEMBERSHIP 36

#define ABI_SHUT_RD         0
#define ABI_SHUT_WR         1
#define ABI_SHUT_RDWR       2

#define ABI_MSG_PEEK        0x02
#define ABI_MSG_DONTWAIT    0x40

struct abi_sockaddr_in {
    uint16_t sin_family;
    uint16_t sin_port;                  /* network byte order */
    uint32_t sin_addr;                  /* network byte order */
    uint8_t sin_zero[8];
};

struct abi_ip_mreq {
    uint32_t imr_multiaddr;
    uint32_t imr_interface;
};

#endif
