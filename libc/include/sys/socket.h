/*
 * BSD sockets (POSIX <sys/socket.h>).  newlib has no socket headers; the
 * values and the layouts are the kernel's (include/abi/socket.h, Linux's
 * numbers, no sa_len/sin_len byte), and the glue in libc/net.c passes
 * them untranslated.  Only AF_INET exists: stream (TCP), datagram (UDP)
 * and raw (ICMP) sockets, over lwIP in the kernel (net/).
 */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H

#include <stdint.h>
#include <sys/types.h>
#include <abi/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t socklen_t;
typedef uint16_t sa_family_t;

/* The generic address every call takes; a sockaddr_in is cast to it. */
struct sockaddr {
    sa_family_t sa_family;
    char sa_data[14];
};

/* Big and aligned enough for any address (only sockaddr_in exists today). */
struct sockaddr_storage {
    sa_family_t ss_family;
    char __ss_pad[128 - sizeof(sa_family_t) - sizeof(uint32_t)];
    uint32_t __ss_align;
};

#define AF_UNSPEC       0
#define AF_INET         ABI_AF_INET
#define PF_UNSPEC       AF_UNSPEC
#define PF_INET         AF_INET

#define SOCK_STREAM     ABI_SOCK_STREAM
#define SOCK_DGRAM      ABI_SOCK_DGRAM
#define SOCK_RAW        ABI_SOCK_RAW
#define SOCK_NONBLOCK   ABI_SOCK_NONBLOCK   /* or-ed into socket()'s type, accept4()'s flags */
#define SOCK_CLOEXEC    ABI_SOCK_CLOEXEC

/* getsockopt/setsockopt at SOL_SOCKET; SO_RCVTIMEO/SO_SNDTIMEO take a struct timeval. */
#define SOL_SOCKET      ABI_SOL_SOCKET
#define SO_REUSEADDR    ABI_SO_REUSEADDR
#define SO_TYPE         ABI_SO_TYPE
#define SO_ERROR        ABI_SO_ERROR
#define SO_BROADCAST    ABI_SO_BROADCAST
#define SO_SNDBUF       ABI_SO_SNDBUF
#define SO_RCVBUF       ABI_SO_RCVBUF
#define SO_KEEPALIVE    ABI_SO_KEEPALIVE
#define SO_RCVTIMEO     ABI_SO_RCVTIMEO
#define SO_SNDTIMEO     ABI_SO_SNDTIMEO

#define SOMAXCONN       255                 /* the kernel clamps listen()'s backlog to this */

/* send/recv flags: the ones the kernel understands. */
#define MSG_PEEK        ABI_MSG_PEEK
#define MSG_DONTWAIT    ABI_MSG_DONTWAIT

#define SHUT_RD         ABI_SHUT_RD
#define SHUT_WR         ABI_SHUT_WR
#define SHUT_RDWR       ABI_SHUT_RDWR

int     socket(int domain, int type, int protocol);
int     bind(int fd, const struct sockaddr *addr, socklen_t len);
int     listen(int fd, int backlog);
int     accept(int fd, struct sockaddr *addr, socklen_t *len);
int     accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
int     connect(int fd, const struct sockaddr *addr, socklen_t len);
ssize_t send(int fd, const void *buf, size_t n, int flags);
ssize_t recv(int fd, void *buf, size_t n, int flags);
ssize_t sendto(int fd, const void *buf, size_t n, int flags,
               const struct sockaddr *to, socklen_t tolen);
ssize_t recvfrom(int fd, void *buf, size_t n, int flags,
                 struct sockaddr *from, socklen_t *fromlen);
int     shutdown(int fd, int how);
int     getsockopt(int fd, int level, int name, void *val, socklen_t *len);
int     setsockopt(int fd, int level, int name, const void *val, socklen_t len);
int     getsockname(int fd, struct sockaddr *addr, socklen_t *len);
int     getpeername(int fd, struct sockaddr *addr, socklen_t *len);

#ifdef __cplusplus
}
#endif

#endif
