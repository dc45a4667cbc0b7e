/*
 * setsockopt and getsockopt: the options Mosaic's users need (the issue
 * names SO_REUSEADDR, SO_RCVTIMEO, SO_SNDTIMEO, TCP_NODELAY,
 * IP_ADD_MEMBERSHIP) plus the usual read-only ones.  Changes to lwIP's
 * protocol blocks are made under the tcpip core lock.
 */
#include "net/socket.h"
#include "net/socket_private.h"
#include "lwip/api.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"
#include "lwip/tcpip.h"
#include "kernel/syscall.h"
#include "kernel/proc.h"
#include "kernel/mm/uvm.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"
#include "include/abi/socket.h"
#include "include/abi/time.h"

static struct ksock *arg_sock(uint32_t fd, long *err)
{
    struct file *f = fd_get(proc_current(), (int)fd);
    struct ksock *s = socket_of(f);

    *err = !f ? -EBADF : !s ? -ENOTSOCK : 0;
    return s;
}

static uint32_t timeval_ms(const struct abi_timeval *tv)
{
    return (uint32_t)(tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000);
}

static void pcb_flag(struct ksock *s, u8_t flag, bool on)
{
    LOCK_TCPIP_CORE();
    if (s->conn->pcb.ip) {
        if (on)
            ip_set_option(s->conn->pcb.ip, flag);
        else
            ip_reset_option(s->conn->pcb.ip, flag);
    }
    UNLOCK_TCPIP_CORE();
}

static long set_socket_level(struct ksock *s, uint32_t opt, const void *val, uint32_t len)
{
    int on = len >= 4 ? *(const int *)val != 0 : 0;

    switch (opt) {
    case ABI_SO_REUSEADDR: pcb_flag(s, SOF_REUSEADDR, on); return 0;
    case ABI_SO_KEEPALIVE: pcb_flag(s, SOF_KEEPALIVE, on); return 0;
    case ABI_SO_BROADCAST: pcb_flag(s, SOF_BROADCAST, on); return 0;
    case ABI_SO_RCVTIMEO:
    case ABI_SO_SNDTIMEO:
        if (len < sizeof(struct abi_timeval))
            return -EINVAL;
        if (opt == ABI_SO_RCVTIMEO)
            s->rcvtimeo_ms = timeval_ms(val);
        else
            s->sndtimeo_ms = timeval_ms(val);
        return 0;
    case ABI_SO_RCVBUF: case ABI_SO_SNDBUF:
        return 0;                               /* lwIP's windows are fixed at build time */
    default:
        return -ENOPROTOOPT;
    }
}

static long set_ip_level(struct ksock *s, uint32_t opt, const void *val, uint32_t len)
{
    const struct abi_ip_mreq *m = val;
    ip_addr_t group, iface;

    switch (opt) {
    case ABI_IP_ADD_MEMBERSHIP:
    case ABI_IP_DROP_MEMBERSHIP:
        if (len < sizeof(*m))
            return -EINVAL;
        ip_addr_set_ip4_u32(&group, m->imr_multiaddr);
        ip_addr_set_ip4_u32(&iface, m->imr_interface);
        return sock_errno(netconn_join_leave_group(s->conn, &group, &iface,
                          opt == ABI_IP_ADD_MEMBERSHIP ? NETCONN_JOIN : NETCONN_LEAVE));
    case ABI_IP_MULTICAST_TTL:
        if (len < 1 || NETCONNTYPE_GROUP(netconn_type(s->conn)) != NETCONN_UDP)
            return -EINVAL;
        LOCK_TCPIP_CORE();
        udp_set_multicast_ttl(s->conn->pcb.udp, *(const uint8_t *)val);
        UNLOCK_TCPIP_CORE();
        return 0;
    case ABI_IP_MULTICAST_LOOP:
        if (len < 1 || NETCONNTYPE_GROUP(netconn_type(s->conn)) != NETCONN_UDP)
            return -EINVAL;
        LOCK_TCPIP_CORE();
        if (*(const uint8_t *)val)
            udp_set_flags(s->conn->pcb.udp, UDP_FLAGS_MULTICAST_LOOP);
        else
            udp_clear_flags(s->conn->pcb.udp, UDP_FLAGS_MULTICAST_LOOP);
        UNLOCK_TCPIP_CORE();
        return 0;
    default:
        return -ENOPROTOOPT;
    }
}

SYSCALL(setsockopt)
{
    uint8_t val[16];
    uint32_t len = ARG(4) < sizeof(val) ? ARG(4) : sizeof(val);
    long r;
    struct ksock *s = arg_sock(ARG(0), &r);

    if (!s)
        return r;
    memset(val, 0, sizeof(val));
    if (copyin(val, ARG(3), len) < 0)
        return -EFAULT;
    switch (ARG(1)) {
    case ABI_SOL_SOCKET:
        return set_socket_level(s, ARG(2), val, len);
    case ABI_IPPROTO_IP:
        return set_ip_level(s, ARG(2), val, len);
    case ABI_IPPROTO_TCP:
        if (ARG(2) != ABI_TCP_NODELAY || NETCONNTYPE_GROUP(netconn_type(s->conn)) != NETCONN_TCP)
            return -ENOPROTOOPT;
        LOCK_TCPIP_CORE();
        if (s->conn->pcb.tcp) {
            if (*(int *)val)
                tcp_nagle_disable(s->conn->pcb.tcp);
            else
                tcp_nagle_enable(s->conn->pcb.tcp);
        }
        UNLOCK_TCPIP_CORE();
        return 0;
    default:
        return -ENOPROTOOPT;
    }
}

SYSCALL(getsockopt)
{
    union { int i; struct abi_timeval tv; } v;
    uint32_t size = sizeof(int), ulen;
    long r;
    struct ksock *s = arg_sock(ARG(0), &r);

    if (!s)
        return r;
    memset(&v, 0, sizeof(v));
    if (ARG(1) == ABI_SOL_SOCKET && ARG(2) == ABI_SO_ERROR) {
        v.i = -sock_errno(s->conn->pending_err);
    } else if (ARG(1) == ABI_SOL_SOCKET && ARG(2) == ABI_SO_TYPE) {
        enum netconn_type t = NETCONNTYPE_GROUP(netconn_type(s->conn));
        v.i = t == NETCONN_TCP ? ABI_SOCK_STREAM : t == NETCONN_UDP ? ABI_SOCK_DGRAM : ABI_SOCK_RAW;
    } else if (ARG(1) == ABI_SOL_SOCKET && (ARG(2) == ABI_SO_RCVTIMEO || ARG(2) == ABI_SO_SNDTIMEO)) {
        uint32_t ms = ARG(2) == ABI_SO_RCVTIMEO ? s->rcvtimeo_ms : s->sndtimeo_ms;
        v.tv.tv_sec = ms / 1000, v.tv.tv_usec = (int32_t)(ms % 1000 * 1000);
        size = sizeof(v.tv);
    } else if (ARG(1) == ABI_SOL_SOCKET && (ARG(2) == ABI_SO_REUSEADDR || ARG(2) == ABI_SO_KEEPALIVE)) {
        v.i = s->conn->pcb.ip && ip_get_option(s->conn->pcb.ip,
              ARG(2) == ABI_SO_REUSEADDR ? SOF_REUSEADDR : SOF_KEEPALIVE) ? 1 : 0;
    } else if (ARG(1) == ABI_IPPROTO_TCP && ARG(2) == ABI_TCP_NODELAY &&
               NETCONNTYPE_GROUP(netconn_type(s->conn)) == NETCONN_TCP) {
        v.i = s->conn->pcb.tcp && tcp_nagle_disabled(s->conn->pcb.tcp) ? 1 : 0;
    } else {
        return -ENOPROTOOPT;
    }
    if (copyin(&ulen, ARG(4), 4) < 0)
        return -EFAULT;
    if (ulen < size)
        size = ulen;                            /* what was copied is what the length says */
    if (copyout(ARG(3), &v, size) < 0 || copyout(ARG(4), &size, 4) < 0)
        return -EFAULT;
    return 0;
}
