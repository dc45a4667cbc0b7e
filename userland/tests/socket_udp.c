/*
 * socket_udp: UDP sockets over loopback (127.0.0.1).
 *
 * sendto/recvfrom carry the sender's address; each recv returns exactly
 * one datagram (boundaries kept, a short buffer truncates and the rest is
 * dropped, an empty datagram is a 0-byte read); connect() fixes the peer
 * for send/recv/read/write; SO_RCVTIMEO and MSG_DONTWAIT bound a wait;
 * IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP on a 224.0.0.x group succeed and
 * refuse a non-multicast group.  Wrong descriptors, families and bad
 * pointers are refused (ENOTSOCK, EBADF, EAFNOSUPPORT, EFAULT ...).  The
 * address conversions (<arpa/inet.h>) and the minimal name lookup
 * (<netdb.h>) are checked too.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include "check.h"

static struct sockaddr_in loopback(uint16_t port)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/* A UDP socket bound to 127.0.0.1 at a port the kernel picks; *addr is its name. */
static int udp_socket(struct sockaddr_in *addr)
{
    struct sockaddr_in a = loopback(0);
    socklen_t len = sizeof(*addr);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    CHECK(fd >= 0);
    CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)addr, &len) == 0 && len == sizeof(*addr));
    CHECK(addr->sin_port != 0 && addr->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    return fd;
}

static bool same_addr(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
    return a->sin_family == b->sin_family && a->sin_port == b->sin_port &&
           a->sin_addr.s_addr == b->sin_addr.s_addr;
}

/* Datagrams keep their sizes and say who sent them. */
static void addresses_and_boundaries(void)
{
    static char big[1400], in[2000], jumbo[8000], jumbo_in[9000];
    struct sockaddr_in aa, ba, from;
    socklen_t len;
    int a = udp_socket(&aa), b = udp_socket(&ba), type = 0;

    len = sizeof(type);
    CHECK(getsockopt(a, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM);
    for (unsigned i = 0; i < sizeof(big); i++)
        big[i] = (char)(i * 7);
    for (unsigned i = 0; i < sizeof(jumbo); i++)
        jumbo[i] = (char)(i * 13);
    CHECK(sendto(a, "abc", 3, 0, (struct sockaddr *)&ba, sizeof(ba)) == 3);
    CHECK(sendto(a, "defgh", 5, 0, (struct sockaddr *)&ba, sizeof(ba)) == 5);
    CHECK(sendto(a, big, sizeof(big), 0, (struct sockaddr *)&ba, sizeof(ba)) == (ssize_t)sizeof(big));
    CHECK(sendto(a, "", 0, 0, (struct sockaddr *)&ba, sizeof(ba)) == 0);
    len = sizeof(from);
    memset(&from, 0xff, sizeof(from));
    CHECK(recvfrom(b, in, sizeof(in), 0, (struct sockaddr *)&from, &len) == 3 && memcmp(in, "abc", 3) == 0);
    CHECK(len == sizeof(from) && same_addr(&from, &aa));
    CHECK(recvfrom(b, in, sizeof(in), 0, NULL, NULL) == 5 && memcmp(in, "defgh", 5) == 0);
    CHECK(recv(b, in, sizeof(in), 0) == (ssize_t)sizeof(big) && memcmp(in, big, sizeof(big)) == 0);
    CHECK(recv(b, in, sizeof(in), 0) == 0);             /* the empty datagram */
    CHECK(sendto(a, jumbo, sizeof(jumbo), 0, (struct sockaddr *)&ba, sizeof(ba)) == (ssize_t)sizeof(jumbo));
    CHECK(recv(b, jumbo_in, sizeof(jumbo_in), 0) == (ssize_t)sizeof(jumbo));   /* fragmented */
    CHECK(memcmp(jumbo, jumbo_in, sizeof(jumbo)) == 0);
    /* The reply goes back to the address recvfrom reported. */
    CHECK(sendto(b, "back", 4, 0, (struct sockaddr *)&aa, sizeof(aa)) == 4);
    len = sizeof(from);
    CHECK(recvfrom(a, in, sizeof(in), 0, (struct sockaddr *)&from, &len) == 4 && same_addr(&from, &ba));
    close(a), close(b);
}

/* A buffer shorter than the datagram gets its start; the rest is gone. */
static void truncation(void)
{
    struct sockaddr_in aa, ba;
    char in[16];
    int a = udp_socket(&aa), b = udp_socket(&ba);

    CHECK(sendto(a, "0123456789", 10, 0, (struct sockaddr *)&ba, sizeof(ba)) == 10);
    CHECK(sendto(a, "next", 4, 0, (struct sockaddr *)&ba, sizeof(ba)) == 4);
    CHECK(recv(b, in, 4, 0) == 4 && memcmp(in, "0123", 4) == 0);
    CHECK(recv(b, in, sizeof(in), 0) == 4 && memcmp(in, "next", 4) == 0);
    CHECK(sendto(a, "peek", 4, 0, (struct sockaddr *)&ba, sizeof(ba)) == 4);
    CHECK(recv(b, in, sizeof(in), MSG_PEEK) == 4 && memcmp(in, "peek", 4) == 0);
    /* MSG_DONTWAIT: if the peek consumed the datagram, fail rather than hang */
    CHECK(recv(b, in, sizeof(in), MSG_DONTWAIT) == 4 && memcmp(in, "peek", 4) == 0);
    close(a), close(b);
}

/* connect() sets the default destination; read and write work as on a stream. */
static void connected(void)
{
    struct sockaddr_in aa, ba, peer;
    socklen_t len = sizeof(peer);
    char in[16];
    int a = udp_socket(&aa), b = udp_socket(&ba);

    CHECK(connect(a, (struct sockaddr *)&ba, sizeof(ba)) == 0);
    CHECK(getpeername(a, (struct sockaddr *)&peer, &len) == 0 && same_addr(&peer, &ba));
    CHECK(send(a, "one", 3, 0) == 3);
    CHECK(write(a, "two", 3) == 3);
    CHECK(read(b, in, sizeof(in)) == 3 && memcmp(in, "one", 3) == 0);
    CHECK(recv(b, in, sizeof(in), 0) == 3 && memcmp(in, "two", 3) == 0);
    CHECK(sendto(b, "ans", 3, 0, (struct sockaddr *)&aa, sizeof(aa)) == 3);
    CHECK(read(a, in, sizeof(in)) == 3 && memcmp(in, "ans", 3) == 0);
    close(a), close(b);
}

/* Waiting is bounded by SO_RCVTIMEO, or not done at all with MSG_DONTWAIT. */
static void timeouts(void)
{
    struct timeval tv = { .tv_sec = 0, .tv_usec = 200 * 1000 };
    struct sockaddr_in aa;
    char in[4];
    int a = udp_socket(&aa);

    CHECK_ERR(recv(a, in, sizeof(in), MSG_DONTWAIT), EAGAIN);
    CHECK(setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
    CHECK_ERR(recvfrom(a, in, sizeof(in), 0, NULL, NULL), EAGAIN);
    close(a);
}

static void multicast(void)
{
    struct sockaddr_in aa;
    struct ip_mreq m;
    int a = udp_socket(&aa);

    m.imr_multiaddr.s_addr = inet_addr("224.0.0.251");
    m.imr_interface.s_addr = htonl(INADDR_ANY);
    CHECK(setsockopt(a, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)) == 0);
    CHECK(setsockopt(a, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof(m)) == 0);
    m.imr_multiaddr.s_addr = inet_addr("10.1.2.3");
    CHECK_ERR(setsockopt(a, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)), EINVAL);
    CHECK_ERR(setsockopt(a, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, 4), EINVAL);   /* too short */
    close(a);
}

/* Non-sockets, closed descriptors, other families, and pointers the kernel must refuse. */
static void refusals(void)
{
    struct sockaddr_in aa, ba;
    socklen_t len = sizeof(aa);
    int p[2], on = 1, a = udp_socket(&aa), b = udp_socket(&ba);
    char in[8];

    CHECK(pipe(p) == 0);
    CHECK_ERR(connect(p[0], (struct sockaddr *)&ba, sizeof(ba)), ENOTSOCK);
    CHECK_ERR(setsockopt(p[0], SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)), ENOTSOCK);
    CHECK_ERR(recv(p[0], in, sizeof(in), 0), ENOTSOCK);
    CHECK_ERR(bind(99, (struct sockaddr *)&aa, sizeof(aa)), EBADF);
    CHECK_ERR(socket(1 /* AF_UNIX */, SOCK_DGRAM, 0), EAFNOSUPPORT);
    CHECK_ERR(socket(AF_INET, 9, 0), EPROTONOSUPPORT);
    CHECK_ERR(bind(a, (struct sockaddr *)&ba, 4), EINVAL);         /* too short */
    CHECK_ERR(sendto(a, (void *)16, 4, 0, (struct sockaddr *)&ba, sizeof(ba)), EFAULT);
    CHECK_ERR(sendto(a, "x", 1, 0, (struct sockaddr *)16, sizeof(ba)), EFAULT);
    CHECK_ERR(getsockname(a, (struct sockaddr *)&aa, (socklen_t *)16), EFAULT);
    CHECK_ERR(getsockname(a, (struct sockaddr *)16, &len), EFAULT);
    CHECK_ERR(setsockopt(a, SOL_SOCKET, SO_REUSEADDR, (void *)16, sizeof(on)), EFAULT);
    CHECK(sendto(b, "data", 4, 0, (struct sockaddr *)&aa, sizeof(aa)) == 4);
    CHECK_ERR(recv(a, (void *)0xc0000000, sizeof(in), 0), EFAULT);    /* kernel memory */
    close(p[0]), close(p[1]), close(a), close(b);
}

/* The address helpers the tests above lean on. */
static void conversions(void)
{
    struct in_addr in;
    char buf[INET_ADDRSTRLEN];
    uint8_t b[4];

    CHECK(inet_addr("127.0.0.1") == htonl(INADDR_LOOPBACK));
    CHECK(inet_addr("1.2.3.256") == INADDR_NONE && inet_addr("1.2.3.4x") == INADDR_NONE);
    CHECK(inet_aton("10.1", &in) == 1 && in.s_addr == htonl(0x0a000001));
    CHECK(inet_aton("0x7f.1", &in) == 1 && in.s_addr == htonl(0x7f000001));
    CHECK(inet_aton("", &in) == 0 && inet_aton("1..2", &in) == 0);
    CHECK(strcmp(inet_ntoa(in), "127.0.0.1") == 0);
    CHECK(inet_pton(AF_INET, "192.168.0.255", b) == 1 && b[0] == 192 && b[3] == 255);
    CHECK(inet_pton(AF_INET, "10.1", b) == 0 && inet_pton(AF_INET, "01.2.3.4", b) == 0);
    CHECK_ERR(inet_pton(10 /* AF_INET6 */, "::1", b), EAFNOSUPPORT);
    CHECK(inet_ntop(AF_INET, b, buf, sizeof(buf)) == buf && strcmp(buf, "192.168.0.255") == 0);
    CHECK(inet_ntop(AF_INET, b, buf, 8) == NULL && errno == ENOSPC);
    CHECK(htons(0x1234) == 0x3412 && ntohl(htonl(0xdeadbeef)) == 0xdeadbeef);
}

/* Name lookup knows dotted quads and "localhost", and numeric services. */
static void names(void)
{
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_DGRAM }, *res = NULL;
    struct hostent *h = gethostbyname("localhost");

    CHECK(h && h->h_addrtype == AF_INET && h->h_length == 4);
    CHECK(h && memcmp(h->h_addr, &(in_addr_t){ htonl(INADDR_LOOPBACK) }, 4) == 0 && !h->h_addr_list[1]);
    CHECK(gethostbyname("no.such.host") == NULL && h_errno == HOST_NOT_FOUND);
    CHECK(getaddrinfo("127.0.0.1", "5353", &hints, &res) == 0 && res);
    if (res) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)res->ai_addr;
        CHECK(res->ai_socktype == SOCK_DGRAM && res->ai_protocol == IPPROTO_UDP && !res->ai_next);
        CHECK(res->ai_addrlen == sizeof(*sin) && sin->sin_port == htons(5353));
        CHECK(sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK));
        freeaddrinfo(res);
    }
    hints = (struct addrinfo){ .ai_flags = AI_PASSIVE };
    CHECK(getaddrinfo(NULL, "80", &hints, &res) == 0 && res && res->ai_next && !res->ai_next->ai_next);
    if (res) {
        CHECK(((const struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == htonl(INADDR_ANY));
        freeaddrinfo(res);
    }
    CHECK(getaddrinfo("example.org", NULL, NULL, &res) == EAI_NONAME);
    CHECK(getaddrinfo("localhost", "http", NULL, &res) == EAI_SERVICE);
    CHECK(strcmp(gai_strerror(EAI_NONAME), "Name or service not known") == 0);
}

int main(void)
{
    addresses_and_boundaries();
    truncation();
    connected();
    timeouts();
    multicast();
    refusals();
    conversions();
    names();
    return check_status();
}
