/*
 * Socket system calls.  Addresses and options are copied in and out here;
 * net/socket.c and net/sock_io.c work on kernel memory only.  Data moves
 * through a bounce buffer a slice at a time, like read and write.
 */
#include "net/socket.h"
#include "net/socket_private.h"
#include "lwip/api.h"
#include "lwip/tcp.h"
#include "lwip/igmp.h"
#include "kernel/syscall.h"
#include "kernel/proc.h"
#include "kernel/fs/file.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/uvm.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kheap.h"
#include "include/abi/errno.h"
#include "include/abi/fcntl.h"
#include "include/abi/socket.h"
#include "include/abi/time.h"

#define SLICE 1024

/* The socket behind descriptor fd, or NULL (and *err). */
static struct file *sock_file(int fd, long *err)
{
    struct file *f = fd_get(proc_current(), fd);

    *err = !f ? -EBADF : !socket_of(f) ? -ENOTSOCK : 0;
    return *err ? NULL : f;
}

static int get_addr(uint32_t uaddr, uint32_t len, struct abi_sockaddr_in *a, ip_addr_t *ip)
{
    if (len < sizeof(*a))
        return -EINVAL;
    if (copyin(a, uaddr, sizeof(*a)) < 0)
        return -EFAULT;
    if (a->sin_family != ABI_AF_INET)
        return -EAFNOSUPPORT;
    ip_addr_set_ip4_u32(ip, a->sin_addr);
    return 0;
}

/* Copy an address out to (uaddr, ulen) as accept/getsockname/recvfrom do. */
static int put_addr(uint32_t uaddr, uint32_t ulen, const struct abi_sockaddr_in *a)
{
    uint32_t len;

    if (!uaddr || !ulen)
        return 0;
    if (copyin(&len, ulen, 4) < 0)
        return -EFAULT;
    if (copyout(uaddr, a, len < sizeof(*a) ? len : sizeof(*a)) < 0)
        return -EFAULT;
    len = sizeof(*a);
    return copyout(ulen, &len, 4);
}

static int install(struct file *f, bool cloexec)
{
    struct proc *p = proc_current();
    int fd = fd_install(p, f, 0);

    if (fd < 0)
        file_put(f);
    else
        p->sys.fd_cloexec[fd] = cloexec;
    return fd;
}

SYSCALL(socket)
{
    struct file *f;
    int r = socket_create((int)ARG(0), (int)ARG(1), (int)ARG(2), &f);

    return r < 0 ? r : install(f, ARG(1) & ABI_SOCK_CLOEXEC);
}

SYSCALL(bind)
{
    struct abi_sockaddr_in a;
    ip_addr_t ip;
    long r;
    struct file *f = sock_file((int)ARG(0), &r);

    if (!f || (r = get_addr(ARG(1), ARG(2), &a, &ip)) < 0)
        return r;
    return sock_errno(netconn_bind(socket_of(f)->conn, &ip, lwip_ntohs(a.sin_port)));
}

SYSCALL(connect)
{
    struct abi_sockaddr_in a;
    ip_addr_t ip;
    long r;
    struct file *f = sock_file((int)ARG(0), &r);

    if (!f || (r = get_addr(ARG(1), ARG(2), &a, &ip)) < 0)
        return r;
    r = sock_errno(netconn_connect(socket_of(f)->conn, &ip, lwip_ntohs(a.sin_port)));
    if (r == 0)
        socket_of(f)->connected = true;
    /* a reset or close while connecting means nobody listens there */
    return r == -ENOTCONN || r == -ECONNRESET || r == -ECONNABORTED ? -ECONNREFUSED : r;
}

SYSCALL(listen)
{
    long r;
    struct file *f = sock_file((int)ARG(0), &r);
    int backlog = (int)ARG(1) < 1 ? 1 : (int)ARG(1) > 255 ? 255 : (int)ARG(1);

    return f ? sock_errno(netconn_listen_with_backlog(socket_of(f)->conn, (u8_t)backlog)) : r;
}

SYSCALL(accept4)
{
    struct netconn *nc;
    struct abi_sockaddr_in a;
    struct file *nf;
    ip_addr_t ip;
    u16_t port;
    long r;
    struct file *f = sock_file((int)ARG(0), &r);
    struct ksock *s = f ? socket_of(f) : NULL;

    if (!f)
        return r;
    if (ARG(1) && ARG(2)) {                     /* bad address buffers fail before a connection is taken */
        uint32_t len;
        if (copyin(&len, ARG(2), 4) < 0 || uaccess_check(ARG(2), 4, true) < 0 ||
            uaccess_check(ARG(1), len < sizeof(a) ? len : sizeof(a), true) < 0)
            return -EFAULT;
    }
    if ((f->flags & ABI_O_NONBLOCK) && !sock_readable(s))
        return -EAGAIN;
    netconn_set_recvtimeout(s->conn, (int)s->rcvtimeo_ms);
    if ((r = sock_errno(netconn_accept(s->conn, &nc))) < 0)
        return r == -ETIMEDOUT ? -EAGAIN : r;
    netconn_set_recvtimeout(nc, 0);
    if ((r = sock_wrap(nc, ARG(3) & ABI_SOCK_NONBLOCK ? ABI_O_NONBLOCK : 0, &nf)) < 0) {
        netconn_delete(nc);
        return r;
    }
    socket_of(nf)->connected = true;
    r = install(nf, ARG(3) & ABI_SOCK_CLOEXEC);
    if (r >= 0 && netconn_peer(nc, &ip, &port) == ERR_OK) {
        memset(&a, 0, sizeof(a));
        a.sin_family = ABI_AF_INET, a.sin_port = lwip_htons(port), a.sin_addr = ip_addr_get_ip4_u32(&ip);
        if (put_addr(ARG(1), ARG(2), &a) < 0)
            return -EFAULT;
    }
    return r;
}

/* getsockname (local) and getpeername. */
static long name_of(struct syscall_args *args, bool local)
{
    struct abi_sockaddr_in a;
    ip_addr_t ip;
    u16_t port;
    long r;
    struct file *f = sock_file((int)ARG(0), &r);

    if (!f)
        return r;
    if ((r = sock_errno(netconn_getaddr(socket_of(f)->conn, &ip, &port, local))) < 0)
        return r;
    memset(&a, 0, sizeof(a));
    a.sin_family = ABI_AF_INET, a.sin_port = lwip_htons(port), a.sin_addr = ip_addr_get_ip4_u32(&ip);
    return put_addr(ARG(1), ARG(2), &a);
}

SYSCALL(getsockname) { return name_of(args, true); }
SYSCALL(getpeername) { return name_of(args, false); }

SYSCALL(sendto)
{
    struct abi_sockaddr_in a;
    char buf[SLICE];
    ip_addr_t ip;
    uint32_t n = ARG(2), done = 0;
    long r;
    struct file *f = sock_file((int)ARG(0), &r);

    if (!f || (ARG(4) && (r = get_addr(ARG(4), ARG(5), &a, &ip)) < 0))
        return r;
    if (NETCONNTYPE_GROUP(netconn_type(socket_of(f)->conn)) != NETCONN_TCP) {
        char *dgram;                                    /* one datagram, sent whole */
        if (n > sock_dgram_max(socket_of(f)))
            return -EMSGSIZE;
        if (!(dgram = kmalloc(n + 1)))
            return -ENOMEM;
        r = copyin(dgram, ARG(1), n) < 0 ? -EFAULT : sock_send(f, dgram, n, (int)ARG(3), ARG(4) ? &a : NULL);
        kfree(dgram);
        return r;
    }
    while (done < n) {
        uint32_t want = n - done < SLICE ? n - done : SLICE;
        if (copyin(buf, ARG(1) + done, want) < 0)
            return done ? (long)done : -EFAULT;
        if ((r = sock_send(f, buf, want, (int)ARG(3), NULL)) <= 0)
            return done ? (long)done : r;
        done += (uint32_t)r;
        if ((uint32_t)r < want)
            break;
    }
    return done;
}

SYSCALL(recvfrom)
{
    struct abi_sockaddr_in from;
    uint32_t n = ARG(2) < 65535 ? ARG(2) : 65535;
    char *buf;
    long r;
    struct file *f = sock_file((int)ARG(0), &r);

    if (!f)
        return r;
    if (uaccess_check(ARG(1), n, true) < 0)
        return -EFAULT;                         /* before receiving: no data may be lost */
    if (!(buf = kmalloc(n + 1)))
        return -ENOMEM;
    memset(&from, 0, sizeof(from));
    r = sock_recv(f, buf, n, (int)ARG(3), ARG(4) ? &from : NULL);
    if (r > 0 && copyout(ARG(1), buf, (size_t)r) < 0)
        r = -EFAULT;
    kfree(buf);
    if (r >= 0 && ARG(4) && put_addr(ARG(4), ARG(5), &from) < 0)
        return -EFAULT;
    return r;
}

SYSCALL(shutdown)
{
    long r;
    struct file *f = sock_file((int)ARG(0), &r);
    uint32_t how = ARG(1);

    if (!f)
        return r;
    if (how > ABI_SHUT_RDWR)
        return -EINVAL;
    return sock_errno(netconn_shutdown(socket_of(f)->conn, how != ABI_SHUT_WR, how != ABI_SHUT_RD));
}
