/*
 * Internal to the socket layer (net/socket.c, net/sock_io.c,
 * net/sys_socket.c): the socket object and the helpers the system calls
 * share.
 */
#ifndef NET_SOCKET_PRIVATE_H
#define NET_SOCKET_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include "lwip/api.h"

struct file;
struct abi_sockaddr_in;

struct ksock {
    struct netconn *conn;
    struct pbuf *rx;                /* TCP: received data not yet read, from rx_off */
    uint16_t rx_off;
    struct netbuf *rxbuf;           /* datagram: one kept by MSG_PEEK for the next receive */
    uint32_t rcvtimeo_ms, sndtimeo_ms;  /* 0 = forever */
    bool connected;                 /* TCP: was connected (so "not connected" now means EOF) */
    bool eof;                       /* TCP: the peer's end of stream was read */
    long rx_err;                    /* TCP: an error met after data, for the next read */
};

extern const struct file_ops sock_ops;

int sock_errno(err_t e);
bool sock_readable(struct ksock *s);
int sock_wrap(struct netconn *conn, unsigned flags, struct file **out);
/* Receive into a kernel buffer; from (if not NULL) gets the sender. */
long sock_recv(struct file *f, void *buf, unsigned long n, int flags, struct abi_sockaddr_in *from);
/* read() into user memory (file_ops.read_user): TCP copies out of the pbufs. */
long sock_read_user(struct file *f, uint32_t ubuf, unsigned long n);
/* The largest datagram a send may carry: 65535 less the IP header (raw
 * sockets, which write their own protocol header) and the UDP header. */
unsigned long sock_dgram_max(struct ksock *s);
/* Send from a kernel buffer; to (if not NULL) is the destination of a datagram. */
long sock_send(struct file *f, const void *buf, unsigned long n, int flags,
               const struct abi_sockaddr_in *to);

#endif
