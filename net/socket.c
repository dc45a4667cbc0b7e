/*
 * Sockets on lwIP netconns.  A struct ksock holds the netconn, the part of
 * the last received TCP segment not yet read, and the socket options that
 * live above lwIP.  Blocking calls block inside lwIP on kernel semaphores;
 * non-blocking ones (O_NONBLOCK, MSG_DONTWAIT) first look at the netconn's
 * mailboxes.  lwIP's event callback only calls poll_notify(): readiness
 * is recomputed from the netconn itself, so no event can be lost.
 * The system call wrappers are in net/sys_socket.c.
 */
#include "net/socket.h"
#include "net/socket_private.h"
#include "lwip/api.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"
#include "lwip/tcpip.h"
#include "kernel/fs/file.h"
#include "kernel/fs/vfs.h"
#include "kernel/poll.h"
#include "kernel/mm/kheap.h"
#include "kernel/lib/string.h"
#include "include/abi/errno.h"
#include "include/abi/fcntl.h"
#include "include/abi/poll.h"
#include "include/abi/socket.h"
#include "include/abi/stat.h"

int sock_errno(err_t e)
{
    switch (e) {
    case ERR_OK: return 0;
    case ERR_MEM: case ERR_BUF: return -ENOMEM;
    case ERR_TIMEOUT: return -ETIMEDOUT;
    case ERR_RTE: return -EHOSTUNREACH;
    case ERR_INPROGRESS: return -EINPROGRESS;
    case ERR_VAL: case ERR_ARG: return -EINVAL;
    case ERR_WOULDBLOCK: return -EAGAIN;
    case ERR_USE: return -EADDRINUSE;
    case ERR_ALREADY: return -EALREADY;
    case ERR_ISCONN: return -EISCONN;
    case ERR_CONN: return -ENOTCONN;
    case ERR_IF: return -ENETDOWN;
    case ERR_ABRT: return -ECONNABORTED;
    case ERR_RST: return -ECONNRESET;
    case ERR_CLSD: return -ENOTCONN;
    default: return -EIO;
    }
}

static bool is_tcp(struct ksock *s)
{
    return NETCONNTYPE_GROUP(netconn_type(s->conn)) == NETCONN_TCP;
}

static void sock_event(struct netconn *conn, enum netconn_evt evt, u16_t len)
{
    (void)conn, (void)evt, (void)len;
    poll_notify();
}


/* Received data is waiting (or the end of the stream, or an error to report). */
bool sock_readable(struct ksock *s)
{
    if (s->conn->state == NETCONN_LISTEN)
        return sys_mbox_pending(&s->conn->acceptmbox) > 0;
    return s->rx || s->rxbuf || s->eof || sys_mbox_pending(&s->conn->recvmbox) > 0 ||
           s->conn->pending_err != ERR_OK ||
           (is_tcp(s) && !sys_mbox_valid(&s->conn->recvmbox));  /* closed: read gives 0 */
}

static unsigned sock_poll(struct file *f)
{
    struct ksock *s = f->priv;
    unsigned r = 0;

    if (sock_readable(s))
        r |= ABI_POLLIN;
    if (!is_tcp(s) || (s->conn->state != NETCONN_LISTEN && s->conn->pcb.tcp &&
                       s->conn->state != NETCONN_CONNECT && tcp_sndbuf(s->conn->pcb.tcp) > 0))
        r |= ABI_POLLOUT;
    if (s->conn->pending_err != ERR_OK)
        r |= ABI_POLLERR;
    /* as Linux: hang-up only once the connection is gone in both directions
     * (the peer's FIN alone makes the socket readable, with read giving 0) */
    if (is_tcp(s) && s->connected && (!s->conn->pcb.tcp || s->conn->pcb.tcp->state == CLOSED ||
                                      (s->eof && s->conn->pcb.tcp->state >= FIN_WAIT_1)))
        r |= ABI_POLLHUP;
    return r;
}

static long sock_read(struct file *f, void *buf, unsigned long n)
{
    return sock_recv(f, buf, n, 0, NULL);
}

static long sock_write(struct file *f, const void *buf, unsigned long n)
{
    return sock_send(f, buf, n, 0, NULL);
}

static void sock_close(struct file *f)
{
    struct ksock *s = f->priv;

    if (s->rx)
        pbuf_free(s->rx);
    if (s->rxbuf)
        netbuf_delete(s->rxbuf);
    netconn_delete(s->conn);
    kfree(s);
    poll_notify();
}

static int sock_stat(struct file *f, struct abi_stat *st)
{
    (void)f;
    st->st_mode = ABI_S_IFSOCK | 0777;
    return 0;
}

static int sock_ioctl(struct file *f, unsigned long req, void *arg)
{
    struct ksock *s = f->priv;
    int n;

    if (req != 0x541B)                      /* FIONREAD */
        return -ENOTTY;
    n = s->rx ? (int)(s->rx->tot_len - s->rx_off) : 0;
    memcpy(arg, &n, sizeof(n));
    return 0;
}

const struct file_ops sock_ops = {
    .read = sock_read, .read_user = sock_read_user, .write = sock_write, .close = sock_close,
    .stat = sock_stat, .ioctl = sock_ioctl, .poll = sock_poll,
};

struct ksock *socket_of(struct file *f)
{
    return f && f->ops == &sock_ops ? f->priv : NULL;
}

/* Wrap a netconn in a new file. */
int sock_wrap(struct netconn *conn, unsigned flags, struct file **out)
{
    struct ksock *s = kzalloc(sizeof(*s));

    if (!s)
        return -ENOMEM;
    s->conn = conn;
    *out = file_alloc(&sock_ops, s, ABI_O_RDWR | (flags & ABI_O_NONBLOCK));
    if (!*out) {
        kfree(s);
        return -ENOMEM;
    }
    return 0;
}

int socket_create(int domain, int type, int protocol, struct file **out)
{
    enum netconn_type t;
    struct netconn *conn;
    int r;

    if (domain != ABI_AF_INET)
        return -EAFNOSUPPORT;
    switch (type & 0xF) {
    case ABI_SOCK_STREAM: t = NETCONN_TCP; break;
    case ABI_SOCK_DGRAM: t = NETCONN_UDP; break;
    case ABI_SOCK_RAW: t = NETCONN_RAW; break;
    default: return -EPROTONOSUPPORT;
    }
    conn = netconn_new_with_proto_and_callback(t, t == NETCONN_RAW ? (u8_t)protocol : 0, sock_event);
    if (!conn)
        return -ENOMEM;
    if (t == NETCONN_UDP) {                     /* as Linux: a member on this node hears our multicast */
        LOCK_TCPIP_CORE();
        udp_set_flags(conn->pcb.udp, UDP_FLAGS_MULTICAST_LOOP);
        UNLOCK_TCPIP_CORE();
    }
    if ((r = sock_wrap(conn, type & ABI_SOCK_NONBLOCK ? ABI_O_NONBLOCK : 0, out)) < 0)
        netconn_delete(conn);
    return r;
}
