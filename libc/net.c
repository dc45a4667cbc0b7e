/*
 * Networking for user programs: the socket calls (<sys/socket.h>), the
 * address conversions (<arpa/inet.h>) and the minimal name lookup
 * (<netdb.h>).  Sockets are ordinary descriptors in the kernel (net/), so
 * each call here maps one to one onto a system call, with structures and
 * flags passed untranslated (libc/abi_check.c); read, write, close and
 * poll on a socket are the generic calls in io.c and poll.c.  There is no
 * resolver: names are dotted quads or "localhost".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "syscall.h"

/* ---- the socket system calls ---- */

int socket(int domain, int type, int protocol)
{
    return SYSCALL(SYS_socket, domain, type, protocol);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    return SYSCALL(SYS_bind, fd, addr, len);
}

int listen(int fd, int backlog)
{
    return SYSCALL(SYS_listen, fd, backlog);
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    return SYSCALL(SYS_accept4, fd, addr, len, flags);
}

/* The kernel has only accept4 (as Linux's newer ABI): accept is flags 0. */
int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
    return accept4(fd, addr, len, 0);
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    return SYSCALL(SYS_connect, fd, addr, len);
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *to,
               socklen_t tolen)
{
    return SYSCALL(SYS_sendto, fd, buf, n, flags, to, tolen);
}

ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *from,
                 socklen_t *fromlen)
{
    return SYSCALL(SYS_recvfrom, fd, buf, n, flags, from, fromlen);
}

/* send/recv are sendto/recvfrom without an address (there is no SYS_send). */
ssize_t send(int fd, const void *buf, size_t n, int flags)
{
    return sendto(fd, buf, n, flags, NULL, 0);
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
    return recvfrom(fd, buf, n, flags, NULL, NULL);
}

int shutdown(int fd, int how)
{
    return SYSCALL(SYS_shutdown, fd, how);
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
    return SYSCALL(SYS_getsockopt, fd, level, name, val, len);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
    return SYSCALL(SYS_setsockopt, fd, level, name, val, len);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
    return SYSCALL(SYS_getsockname, fd, addr, len);
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
    return SYSCALL(SYS_getpeername, fd, addr, len);
}

/* ---- text <-> address ---- */

/*
 * One number of an inet_aton address at *s, in C's bases (0x hex, 0
 * octal, else decimal), advancing *s; false if there is no digit or it
 * overflows 32 bits.  Written out rather than strtoul, which would accept
 * blanks and signs.
 */
static int aton_part(const char **s, uint32_t *out)
{
    const char *p = *s;
    unsigned base = 10;
    uint64_t v = 0;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        base = 16, p += 2;
    else if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
        base = 8, p++;
    const char *start = p;
    for (;; p++) {
        unsigned d = *p >= '0' && *p <= '9' ? (unsigned)(*p - '0')
                   : *p >= 'a' && *p <= 'f' ? (unsigned)(*p - 'a' + 10)
                   : *p >= 'A' && *p <= 'F' ? (unsigned)(*p - 'A' + 10) : 99;
        if (d >= base)
            break;
        if ((v = v * base + d) > 0xffffffffu)
            return 0;
    }
    if (p == start)
        return 0;
    *s = p;
    *out = (uint32_t)v;
    return 1;
}

/* "a.b.c.d", "a.b.c" (c is 16 bits), "a.b" (b is 24 bits) or "a" (32 bits). */
int inet_aton(const char *s, struct in_addr *out)
{
    uint32_t part[4], n = 0, addr;

    for (;;) {
        if (n == 4 || !aton_part(&s, &part[n++]))
            return 0;
        if (*s != '.')
            break;
        s++;
    }
    if (*s && *s != ' ' && *s != '\t' && *s != '\n')
        return 0;
    for (uint32_t i = 0; i + 1 < n; i++)
        if (part[i] > 255)
            return 0;
    /* the last part fills the bytes the others left: 32, 24, 16 or 8 bits */
    if (part[n - 1] > 0xffffffffu >> (8 * (n - 1)))
        return 0;
    addr = part[n - 1];
    for (uint32_t i = 0; i + 1 < n; i++)
        addr |= part[i] << (24 - 8 * i);
    if (out)
        out->s_addr = htonl(addr);
    return 1;
}

in_addr_t inet_addr(const char *s)
{
    struct in_addr a;

    return inet_aton(s, &a) ? a.s_addr : INADDR_NONE;
}

/* POSIX's inet_pton form: exactly four decimal numbers 0..255, no leading zeros. */
static int pton4(const char *s, uint8_t out[4])
{
    for (int i = 0; i < 4; i++) {
        unsigned v = 0, digits = 0;
        for (; *s >= '0' && *s <= '9'; s++, digits++)
            if ((v = v * 10 + (unsigned)(*s - '0')) > 255 || (digits == 1 && v < 10))
                return 0;               /* too big, or a second digit after a leading 0 */
        if (digits == 0 || *s != (i == 3 ? '\0' : '.'))
            return 0;
        out[i] = (uint8_t)v;
        s++;
    }
    return 1;
}

int inet_pton(int af, const char *s, void *out)
{
    uint8_t b[4];

    if (af != AF_INET)
        return (int)__set_errno(EAFNOSUPPORT);
    if (!pton4(s, b))
        return 0;
    memcpy(out, b, 4);
    return 1;
}

const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
    const uint8_t *b = src;
    char tmp[INET_ADDRSTRLEN];

    if (af != AF_INET) {
        __set_errno(EAFNOSUPPORT);
        return NULL;
    }
    snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    if (strlen(tmp) + 1 > size) {
        __set_errno(ENOSPC);
        return NULL;
    }
    return strcpy(dst, tmp);
}

char *inet_ntoa(struct in_addr a)
{
    static char buf[INET_ADDRSTRLEN];

    return (char *)inet_ntop(AF_INET, &a, buf, sizeof(buf));
}

/* ---- names: dotted quads and "localhost" ---- */

int h_errno;

/* A host name to an address (network order); false if it is neither form. */
static int lookup_host(const char *name, struct in_addr *out)
{
    if (strcmp(name, "localhost") == 0) {
        out->s_addr = htonl(INADDR_LOOPBACK);
        return 1;
    }
    return inet_aton(name, out);
}

struct hostent *gethostbyname(const char *name)
{
    static struct in_addr addr;
    static char hname[64], *aliases[1], *addrs[2];
    static struct hostent h = { hname, aliases, AF_INET, 4, addrs };

    if (!name || !lookup_host(name, &addr)) {
        h_errno = HOST_NOT_FOUND;
        return NULL;
    }
    snprintf(hname, sizeof(hname), "%s", name);
    addrs[0] = (char *)&addr;
    addrs[1] = NULL;
    return &h;
}

/* getaddrinfo's service: a port number (no services database); -1 if not one. */
static long lookup_port(const char *service)
{
    char *end;
    long port;

    if (!service)
        return 0;
    port = strtol(service, &end, 10);
    return *service && !*end && port >= 0 && port <= 65535 ? port : -1;
}

/* One result: the addrinfo, its sockaddr_in and its canonical name in one block. */
static struct addrinfo *new_result(struct in_addr a, long port, int type, const char *canon)
{
    size_t clen = canon ? strlen(canon) + 1 : 0;
    struct addrinfo *ai = calloc(1, sizeof(*ai) + sizeof(struct sockaddr_in) + clen);
    struct sockaddr_in *sin;

    if (!ai)
        return NULL;
    sin = (struct sockaddr_in *)(ai + 1);
    sin->sin_family = AF_INET;
    sin->sin_port = htons((uint16_t)port);
    sin->sin_addr = a;
    ai->ai_family = AF_INET;
    ai->ai_socktype = type;
    ai->ai_protocol = type == SOCK_STREAM ? IPPROTO_TCP : type == SOCK_DGRAM ? IPPROTO_UDP : 0;
    ai->ai_addrlen = sizeof(*sin);
    ai->ai_addr = (struct sockaddr *)sin;
    if (canon)
        ai->ai_canonname = memcpy((char *)(sin + 1), canon, clen);
    return ai;
}

/* The node's address: NULL means loopback, or INADDR_ANY with AI_PASSIVE. */
static int resolve_node(const char *node, int flags, struct in_addr *a)
{
    if (!node) {
        a->s_addr = htonl(flags & AI_PASSIVE ? INADDR_ANY : INADDR_LOOPBACK);
        return 0;
    }
    if ((flags & AI_NUMERICHOST) && strcmp(node, "localhost") == 0)
        return EAI_NONAME;
    return lookup_host(node, a) ? 0 : EAI_NONAME;
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                struct addrinfo **res)
{
    static const int any_type[] = { SOCK_STREAM, SOCK_DGRAM };
    struct addrinfo h = { 0 }, *head = NULL, **tail = &head;
    struct in_addr a;
    long port = lookup_port(service);
    int err;

    if (hints)
        h = *hints;
    if (!node && !service)
        return EAI_NONAME;
    if (h.ai_family != AF_UNSPEC && h.ai_family != AF_INET)
        return EAI_FAMILY;
    if (h.ai_socktype && h.ai_socktype != SOCK_STREAM && h.ai_socktype != SOCK_DGRAM &&
        h.ai_socktype != SOCK_RAW)
        return EAI_SOCKTYPE;
    if (port < 0)
        return EAI_SERVICE;
    if ((err = resolve_node(node, h.ai_flags, &a)) != 0)
        return err;
    /* No type asked for: one result per type, as other systems give. */
    for (int i = 0; i < 2; i++) {
        int type = h.ai_socktype ? h.ai_socktype : any_type[i];
        const char *canon = (h.ai_flags & AI_CANONNAME) && !head ? node : NULL;
        if (!(*tail = new_result(a, port, type, canon))) {
            freeaddrinfo(head);
            return EAI_MEMORY;
        }
        tail = &(*tail)->ai_next;
        if (h.ai_socktype)
            break;
    }
    *res = head;
    return 0;
}

void freeaddrinfo(struct addrinfo *ai)
{
    while (ai) {
        struct addrinfo *next = ai->ai_next;
        free(ai);
        ai = next;
    }
}

const char *gai_strerror(int err)
{
    switch (err) {
    case 0: return "Success";
    case EAI_BADFLAGS: return "Bad value for ai_flags";
    case EAI_NONAME: return "Name or service not known";
    case EAI_AGAIN: return "Temporary failure in name resolution";
    case EAI_FAIL: return "Non-recoverable failure in name resolution";
    case EAI_FAMILY: return "ai_family not supported";
    case EAI_SOCKTYPE: return "ai_socktype not supported";
    case EAI_SERVICE: return "Servname not supported for ai_socktype";
    case EAI_MEMORY: return "Memory allocation failure";
    case EAI_SYSTEM: return "System error";
    default: return "Unknown error";
    }
}
