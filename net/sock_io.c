/*
 * Socket data transfer: receiving (TCP keeps the unread rest of a segment
 * for the next read; UDP delivers whole datagrams, truncated to the
 * buffer) and sending (TCP queues bytes, UDP builds one datagram).
 */
#include "net/socket_private.h"
#include "lwip/api.h"
#include "lwip/pbuf.h"
#include "kernel/fs/file.h"
#include "kernel/proc.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kheap.h"
#include "kernel/mm/uvm.h"
#include "include/abi/errno.h"
#include "include/abi/fcntl.h"
#include "include/abi/signal.h"
#include "include/abi/socket.h"

static bool nonblocking(struct file *f, int flags)
{
    return (f->flags & ABI_O_NONBLOCK) || (flags & ABI_MSG_DONTWAIT);
}

/* A receive that timed out: a signal, SO_RCVTIMEO, or nothing there. */
static long timed_out(void)
{
    struct proc *p = proc_current();

    return p && signal_pending(p) ? -EINTR : -EAGAIN;
}

static void fill_addr(struct abi_sockaddr_in *a, const ip_addr_t *ip, u16_t port)
{
    memset(a, 0, sizeof(*a));
    a->sin_family = ABI_AF_INET;
    a->sin_port = lwip_htons(port);
    a->sin_addr = ip ? ip_addr_get_ip4_u32(ip) : 0;
}

/* The next received segment into s->rx: 0, end of stream (1), or -EXXX.
 * Waits as the socket says unless dontwait. */
static long fetch_tcp(struct ksock *s, bool dontwait)
{
    err_t e;

    netconn_set_recvtimeout(s->conn, (int)s->rcvtimeo_ms);
    e = netconn_recv_tcp_pbuf_flags(s->conn, &s->rx, dontwait ? NETCONN_DONTBLOCK : 0);
    if (e == ERR_CLSD || (s->connected && (e == ERR_CONN || e == ERR_RST))) {
        s->eof = true;                          /* end of stream, now and for every later read */
        return e == ERR_RST ? -ECONNRESET : 1;
    }
    if (e == ERR_TIMEOUT)
        return timed_out();
    if (e != ERR_OK)
        return sock_errno(e);
    s->rx_off = 0;
    return 0;
}

/* Where received bytes go: a kernel buffer, or else user memory at ubuf
 * (read() on a socket copies out of the pbufs with no bounce buffer). */
struct rx_dest {
    char *kbuf;
    uint32_t ubuf;
};

/* copyout len bytes of the chain p from offset off; 0 or -EFAULT. */
static int pbuf_copyout(struct pbuf *p, uint32_t udst, u16_t len, u16_t off)
{
    for (; p && len; p = p->next) {
        if (off >= p->len) {
            off = (u16_t)(off - p->len);
            continue;
        }
        u16_t piece = (u16_t)(p->len - off) < len ? (u16_t)(p->len - off) : len;
        if (copyout(udst, (const uint8_t *)p->payload + off, piece) < 0)
            return -EFAULT;
        udst += piece;
        len = (u16_t)(len - piece);
        off = 0;
    }
    return 0;
}

/* Copy from the segment in s->rx to to + at; frees it once it is all read.
 * Bytes taken, or -EFAULT (nothing taken). */
static long take_tcp(struct ksock *s, const struct rx_dest *to, unsigned long at,
                     unsigned long n, bool peek)
{
    u16_t left = (u16_t)(s->rx->tot_len - s->rx_off);
    u16_t take = n < left ? (u16_t)n : left;

    if (to->kbuf)
        pbuf_copy_partial(s->rx, to->kbuf + at, take, s->rx_off);
    else if (pbuf_copyout(s->rx, to->ubuf + (uint32_t)at, take, s->rx_off) < 0)
        return -EFAULT;
    if (!peek) {
        s->rx_off = (u16_t)(s->rx_off + take);
        if (s->rx_off == s->rx->tot_len) {
            pbuf_free(s->rx);
            s->rx = NULL;
        }
    }
    return take;
}

/* Waits for the first byte as the socket says, then takes every segment
 * that has already arrived, up to n bytes: one read, not one per segment.
 * An error met after some data is kept for the next read. */
static long recv_tcp(struct ksock *s, struct file *f, const struct rx_dest *to,
                     unsigned long n, int flags)
{
    unsigned long done = 0;
    bool peek = flags & ABI_MSG_PEEK;

    if (s->rx_err) {
        long e = s->rx_err;
        s->rx_err = 0;
        return e;
    }
    while (done < n) {
        if (!s->rx) {
            long r;
            if (s->eof)
                break;
            if (done > 0 && (peek || sys_mbox_pending(&s->conn->recvmbox) == 0))
                break;
            if (done == 0 && nonblocking(f, flags) && !sock_readable(s))
                return -EAGAIN;
            r = fetch_tcp(s, done > 0);
            if (r < 0 && done > 0 && r != -EAGAIN)
                s->rx_err = r;
            if (r != 0)
                return done > 0 ? (long)done : (r > 0 ? 0 : r);
        }
        long t = take_tcp(s, to, done, n - done, peek);
        if (t < 0)
            return done > 0 ? (long)done : t;
        done += (unsigned long)t;
    }
    return (long)done;
}

static long recv_dgram(struct ksock *s, struct file *f, void *buf, unsigned long n, int flags,
                       struct abi_sockaddr_in *from)
{
    struct netbuf *nb;
    err_t e;
    u16_t len;


    if (s->rxbuf) {                             /* kept by an earlier MSG_PEEK */
        nb = s->rxbuf;
        s->rxbuf = NULL;
    } else {
        if (nonblocking(f, flags) && !sock_readable(s))
            return -EAGAIN;
        netconn_set_recvtimeout(s->conn, (int)s->rcvtimeo_ms);
        e = netconn_recv(s->conn, &nb);
        if (e == ERR_TIMEOUT)
            return timed_out();
        if (e != ERR_OK)
            return sock_errno(e);
    }
    len = netbuf_len(nb);
    if (len > n)
        len = (u16_t)n;                         /* the rest of the datagram is lost */
    netbuf_copy(nb, buf, len);
    if (from)
        fill_addr(from, netbuf_fromaddr(nb), netbuf_fromport(nb));
    if (flags & ABI_MSG_PEEK)
        s->rxbuf = nb;                          /* the same datagram comes again */
    else
        netbuf_delete(nb);
    return len;
}

long sock_recv(struct file *f, void *buf, unsigned long n, int flags, struct abi_sockaddr_in *from)
{
    struct ksock *s = f->priv;

    if (n == 0)
        return 0;
    if (NETCONNTYPE_GROUP(netconn_type(s->conn)) == NETCONN_TCP) {
        struct rx_dest to = { buf, 0 };
        long r = recv_tcp(s, f, &to, n, flags);
        if (r >= 0 && from) {
            ip_addr_t ip;
            u16_t port;
            if (netconn_peer(s->conn, &ip, &port) == ERR_OK)
                fill_addr(from, &ip, port);
        }
        return r;
    }
    return recv_dgram(s, f, buf, n, flags, from);
}

long sock_read_user(struct file *f, uint32_t ubuf, unsigned long n)
{
    struct ksock *s = f->priv;
    char *buf;
    long r;

    if (n == 0)
        return 0;
    if (NETCONNTYPE_GROUP(netconn_type(s->conn)) == NETCONN_TCP) {
        struct rx_dest to = { NULL, ubuf };
        return recv_tcp(s, f, &to, n, 0);
    }
    if (!(buf = kmalloc(n)))                    /* a datagram: at most 64 KiB */
        return -ENOMEM;
    r = recv_dgram(s, f, buf, n, 0, NULL);
    if (r > 0 && copyout(ubuf, buf, (size_t)r) < 0)
        r = -EFAULT;
    kfree(buf);
    return r;
}

static long send_tcp(struct ksock *s, struct file *f, const void *buf, unsigned long n, int flags)
{
    size_t written = 0;
    u8_t api = NETCONN_COPY | (nonblocking(f, flags) ? NETCONN_DONTBLOCK : 0);
    err_t e;

    netconn_set_sendtimeout(s->conn, (int)s->sndtimeo_ms);
    e = netconn_write_partly(s->conn, buf, n, api, &written);
    if (written)
        return (long)written;
    if (e == ERR_WOULDBLOCK || e == ERR_TIMEOUT)
        return -EAGAIN;
    if (e == ERR_CLSD || e == ERR_RST || e == ERR_ABRT || e == ERR_CONN) {
        if (proc_current())
            proc_kill(proc_current(), ABI_SIGPIPE);
        return -EPIPE;
    }
    return e == ERR_OK ? 0 : sock_errno(e);
}

unsigned long sock_dgram_max(struct ksock *s)
{
    return NETCONNTYPE_GROUP(netconn_type(s->conn)) == NETCONN_RAW ? 65535 - 20 : 65535 - 28;
}

static long send_dgram(struct ksock *s, const void *buf, unsigned long n, const struct abi_sockaddr_in *to)
{
    struct netbuf *nb;
    err_t e;

    if (n > sock_dgram_max(s))
        return -EMSGSIZE;
    if (!(nb = netbuf_new()))
        return -ENOMEM;
    if (!netbuf_alloc(nb, (u16_t)n)) {
        netbuf_delete(nb);
        return -ENOMEM;
    }
    pbuf_take(nb->p, buf, (u16_t)n);
    if (to) {
        ip_addr_t ip;
        ip_addr_set_ip4_u32(&ip, to->sin_addr);
        e = netconn_sendto(s->conn, nb, &ip, lwip_ntohs(to->sin_port));
    } else {
        e = netconn_send(s->conn, nb);
    }
    netbuf_delete(nb);
    return e == ERR_OK ? (long)n : sock_errno(e);
}

long sock_send(struct file *f, const void *buf, unsigned long n, int flags,
               const struct abi_sockaddr_in *to)
{
    struct ksock *s = f->priv;

    if (NETCONNTYPE_GROUP(netconn_type(s->conn)) == NETCONN_TCP)
        return send_tcp(s, f, buf, n, flags);
    return send_dgram(s, buf, n, to);
}
