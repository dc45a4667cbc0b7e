/*
 * mcast: send or receive UDP multicast datagrams, to check that a group
 * reaches every node of a cluster.
 *
 *   mcast send GROUP PORT TEXT [-c COUNT] [-i SECS] [-T TTL]
 *   mcast recv GROUP PORT [-n COUNT] [-t SECS] [-v]
 *
 * send: TEXT as one datagram to GROUP:PORT, COUNT times (default 1), -i
 * seconds apart (default 0.2; fractions allowed), with multicast TTL -T
 * (default 1: the local segment).  Exit 0 once all are sent.
 * recv: join GROUP on every interface, bind PORT (SO_REUSEADDR, so several
 * receivers may share a node) and print each datagram as one line,
 * `from ADDR:PORT: TEXT' (non-printable bytes as `.'), until COUNT have
 * arrived (default 1; 0: no limit) or -t SECS have passed in all.  Exit 0
 * if COUNT arrived (with -n 0: if any did), 1 otherwise.  -v says on
 * stderr when the group is joined, so a script can start senders then.
 * Options may come before or after the operands.
 */
#define PROG "mcast"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>

#include "util.h"

#define MCAST_MAX 1472                  /* the largest datagram in one Ethernet frame */

static struct {
    const char *operand[3];             /* GROUP PORT [TEXT] */
    int operands;
    long count;                         /* send: datagrams; recv: datagrams to wait for */
    double interval, timeout;           /* seconds; timeout < 0: none */
    long ttl;
    bool verbose;
} opt = { .count = -1, .interval = 0.2, .timeout = -1, .ttl = 1 };

static __attribute__((noreturn)) void usage(void)
{
    fputs("usage: mcast send GROUP PORT TEXT [-c COUNT] [-i SECS] [-T TTL]\n"
          "       mcast recv GROUP PORT [-n COUNT] [-t SECS] [-v]\n", stderr);
    exit(2);
}

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double parse_seconds(const char *s)
{
    char *end;
    double v = strtod(s, &end);

    if (end == s || *end || v < 0 || v > 86400)
        util_die("invalid time '%s'", s);
    return v;
}

static long parse_number(const char *s, long min, long max)
{
    long v;

    if (!util_parse_long(s, &v) || v < min || v > max)
        util_die("invalid number '%s'", s);
    return v;
}

/* The options valid for the command (letters in `allowed'), anywhere among the operands. */
static void parse_args(int argc, char **argv, const char *allowed)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-' && a[1] == 'v' && !a[2] && strchr(allowed, 'v')) {
            opt.verbose = true;
            continue;
        }
        if (a[0] != '-' || !a[1] || a[2] || !strchr(allowed, a[1])) {
            if (a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9'))
                usage();
            if (opt.operands == 3)
                usage();
            opt.operand[opt.operands++] = a;
            continue;
        }
        if (++i == argc)
            usage();
        switch (a[1]) {
        case 'c': case 'n': opt.count = parse_number(argv[i], 0, 1000000); break;
        case 'i': opt.interval = parse_seconds(argv[i]); break;
        case 't': opt.timeout = parse_seconds(argv[i]); break;
        case 'T': opt.ttl = parse_number(argv[i], 0, 255); break;
        }
    }
}

/* GROUP and PORT operands as an address; GROUP must be a multicast address. */
static struct sockaddr_in group_address(void)
{
    struct sockaddr_in a = { .sin_family = AF_INET };

    if (inet_pton(AF_INET, opt.operand[0], &a.sin_addr) != 1 ||
        (ntohl(a.sin_addr.s_addr) >> 28) != 0xE)
        util_die("'%s' is not a multicast group (224.0.0.0 to 239.255.255.255)", opt.operand[0]);
    a.sin_port = htons((uint16_t)parse_number(opt.operand[1], 1, 65535));
    return a;
}

static int udp_socket(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    if (fd < 0)
        util_die("socket: %s", strerror(errno));
    return fd;
}

static void pause_s(double secs)
{
    struct timespec t = { .tv_sec = (time_t)secs, .tv_nsec = (long)((secs - (double)(time_t)secs) * 1e9) };

    while (nanosleep(&t, &t) < 0 && errno == EINTR)
        ;
}

static int do_send(void)
{
    struct sockaddr_in to = group_address();
    const char *text = opt.operand[2];
    size_t len = strlen(text);
    unsigned char ttl = (unsigned char)opt.ttl;
    long count = opt.count < 0 ? 1 : opt.count;
    int fd = udp_socket();

    if (len > MCAST_MAX)
        util_die("TEXT is %zu bytes; at most %d fit in one frame", len, MCAST_MAX);
    if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)) < 0)
        util_warn_errno("setsockopt IP_MULTICAST_TTL");
    for (long i = 0; i < count; i++) {
        if (i > 0)
            pause_s(opt.interval);
        if (sendto(fd, text, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
            util_die("sendto %s: %s", opt.operand[0], strerror(errno));
    }
    close(fd);
    return 0;
}

/* One datagram as `from ADDR:PORT: TEXT'. */
static void print_datagram(const struct sockaddr_in *from, char *buf, ssize_t n)
{
    for (ssize_t i = 0; i < n; i++)
        if ((unsigned char)buf[i] < ' ' || (unsigned char)buf[i] > '~')
            buf[i] = '.';
    printf("from %s:%u: %.*s\n", inet_ntoa(from->sin_addr), ntohs(from->sin_port), (int)n, buf);
    fflush(stdout);
}

/* A socket bound to PORT that is a member of GROUP on every interface. */
static int join_group(void)
{
    struct sockaddr_in a = group_address();
    struct ip_mreq m = { .imr_multiaddr = a.sin_addr, .imr_interface = { htonl(INADDR_ANY) } };
    int fd = udp_socket(), on = 1;

    a.sin_addr.s_addr = htonl(INADDR_ANY);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
        util_die("bind port %s: %s", opt.operand[1], strerror(errno));
    if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)) < 0)
        util_die("join %s: %s", opt.operand[0], strerror(errno));
    if (opt.verbose)
        util_warn("joined %s, port %s", opt.operand[0], opt.operand[1]);
    return fd;
}

static int do_recv(void)
{
    static char buf[65536];
    long want = opt.count < 0 ? 1 : opt.count, got = 0;
    double deadline = opt.timeout < 0 ? -1 : now_s() + opt.timeout;
    int fd = join_group();

    while (want == 0 || got < want) {
        int wait_ms = -1;
        if (deadline >= 0) {
            double left = deadline - now_s();
            if (left <= 0)
                break;
            wait_ms = (int)(left * 1000) + 1;
        }
        struct pollfd p = { fd, POLLIN, 0 };
        int r = poll(&p, 1, wait_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            util_die("poll: %s", strerror(errno));
        if (r == 0)
            continue;                   /* the deadline check ends the loop */
        struct sockaddr_in from;
        socklen_t flen = sizeof(from);
        ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
        if (n < 0 && errno != EINTR)
            util_die("recvfrom: %s", strerror(errno));
        if (n >= 0) {
            print_datagram(&from, buf, n);
            got++;
        }
    }
    close(fd);
    if (want == 0 ? got > 0 : got >= want)
        return 0;
    util_warn("%ld of %ld datagrams for %s:%s arrived in %g s", got, want ? want : 1,
              opt.operand[0], opt.operand[1], opt.timeout);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage();
    if (strcmp(argv[1], "send") == 0) {
        parse_args(argc, argv, "ciT");
        if (opt.operands != 3)
            usage();
        return do_send();
    }
    if (strcmp(argv[1], "recv") == 0) {
        parse_args(argc, argv, "ntv");
        if (opt.operands != 2)
            usage();
        return do_recv();
    }
    usage();
}
