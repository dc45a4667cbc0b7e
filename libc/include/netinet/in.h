/*
 * Internet addresses (POSIX <netinet/in.h>): struct sockaddr_in and
 * in_addr, the protocol numbers, the IP-level socket options and the byte
 * order conversions.  Layouts and option values are the kernel's
 * (include/abi/socket.h: Linux's, no sin_len); libc/abi_check.c proves
 * they match.  Addresses and ports inside the structures are in network
 * byte order (big-endian); INADDR_* are in host order, as everywhere.
 */
#ifndef _NETINET_IN_H
#define _NETINET_IN_H

#include <stdint.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint16_t in_port_t;
typedef uint32_t in_addr_t;

struct in_addr {
    in_addr_t s_addr;                   /* network byte order */
};

struct sockaddr_in {
    sa_family_t sin_family;             /* AF_INET */
    in_port_t sin_port;                 /* network byte order */
    struct in_addr sin_addr;
    unsigned char sin_zero[8];          /* zero it: the kernel ignores it, peers compare it */
};

/* setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP, ...) */
struct ip_mreq {
    struct in_addr imr_multiaddr;       /* the group, 224.0.0.0/4 */
    struct in_addr imr_interface;       /* a local address, or INADDR_ANY for every interface */
};

#define IPPROTO_IP      ABI_IPPROTO_IP
#define IPPROTO_ICMP    ABI_IPPROTO_ICMP
#define IPPROTO_TCP     ABI_IPPROTO_TCP
#define IPPROTO_UDP     ABI_IPPROTO_UDP
#define IPPROTO_RAW     255             /* POSIX names it; lwIP has no header-included sends */

#define IP_MULTICAST_TTL   ABI_IP_MULTICAST_TTL
#define IP_MULTICAST_LOOP  ABI_IP_MULTICAST_LOOP
#define IP_ADD_MEMBERSHIP  ABI_IP_ADD_MEMBERSHIP
#define IP_DROP_MEMBERSHIP ABI_IP_DROP_MEMBERSHIP

#define INADDR_ANY        ((in_addr_t)0x00000000)
#define INADDR_BROADCAST  ((in_addr_t)0xffffffff)
#define INADDR_NONE       ((in_addr_t)0xffffffff)   /* inet_addr()'s failure */
#define INADDR_LOOPBACK   ((in_addr_t)0x7f000001)   /* 127.0.0.1 */

#define INET_ADDRSTRLEN   16                        /* "255.255.255.255" and the NUL */

/* Class D (multicast) addresses, in host order. */
#define IN_MULTICAST(a)   ((((in_addr_t)(a)) & 0xf0000000) == 0xe0000000)

/* i386 is little-endian: network order means swapping bytes. */
static inline uint16_t htons(uint16_t x) { return __builtin_bswap16(x); }
static inline uint16_t ntohs(uint16_t x) { return __builtin_bswap16(x); }
static inline uint32_t htonl(uint32_t x) { return __builtin_bswap32(x); }
static inline uint32_t ntohl(uint32_t x) { return __builtin_bswap32(x); }

#ifdef __cplusplus
}
#endif

#endif
