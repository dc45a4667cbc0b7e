/*
 * ping [-c COUNT] [-i SECS] [-W SECS] [-s SIZE] HOST: send ICMP echo
 * requests through a raw socket and report each reply and a summary, in
 * Linux's words.  Exit status 0 if any reply came back, 1 if none, 2 on
 * errors.
 *
 * One request every -i seconds (default 1, fractions allowed); after each
 * we wait up to -W seconds (default 2) for its reply.  -s sets the data
 * bytes after the 8-byte ICMP header (default 56, at most 65507: past
 * 1472 the datagram leaves in IP fragments); when the send time fits
 * (TIME_LEN bytes) the request carries it and replies show the round
 * trip, as on Linux.  lwIP's raw sockets
 * deliver IPv4 packets with their IP header (where the TTL is), and see
 * our own requests too on loopback, so replies are recognised by type,
 * identifier (our pid) and sequence number.  Sending needs only the ICMP
 * message: the kernel adds the IP header.  SIGINT ends the run with the
 * summary, as on other systems.
 */
#define PROG "ping"
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>

#include "util.h"

#define ICMP_ECHO_REPLY   0
#define ICMP_ECHO_REQUEST 8
#define DATA_LEN          56            /* 64 bytes of ICMP, as everyone sends */
#define DATA_MAX          65507         /* 65535 less the IP and ICMP headers */
#define REPLY_MAX         65536         /* IP header and all: a reassembled datagram */

/* The ICMP header; the data follows (the send time first, when it fits). */
struct icmp_echo {
    uint8_t type, code;
    uint16_t checksum;
    uint16_t id, seq;                   /* network byte order */
};

static struct {
    long count;                         /* 0: until interrupted */
    double interval, wait;              /* seconds */
    long size;                          /* data bytes after the header */
} opt = { 0, 1.0, 2.0, DATA_LEN };

#define TIME_LEN          sizeof(struct timespec)  /* 12 bytes with newlib on i386 */

/* Does the data hold the send time? */
static bool timed(void)
{
    return (size_t)opt.size >= TIME_LEN;
}

static struct {
    long sent, received;
    long timed;                         /* replies with a round trip */
    double min, max, sum, sum2;         /* round trips, ms */
} stats;

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The Internet checksum (RFC 1071): one's complement of the one's complement sum. */
static uint16_t checksum(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint32_t sum = 0;

    for (; len > 1; p += 2, len -= 2)
        sum += (uint32_t)(p[0] << 8 | p[1]);
    if (len)
        sum += (uint32_t)p[0] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return htons((uint16_t)~sum);
}

static bool send_echo(int fd, const struct sockaddr_in *to, uint16_t seq)
{
    static uint8_t pkt[sizeof(struct icmp_echo) + DATA_MAX];
    struct icmp_echo m = { .type = ICMP_ECHO_REQUEST, .id = htons((uint16_t)getpid()), .seq = htons(seq) };
    uint8_t *data = pkt + sizeof(m);
    size_t len = sizeof(m) + (size_t)opt.size;

    for (long i = 0; i < opt.size; i++)
        data[i] = (uint8_t)(0x10 + i);
    if (timed()) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        memcpy(data, &now, sizeof(now));
    }
    memcpy(pkt, &m, sizeof(m));
    m.checksum = checksum(pkt, len);
    memcpy(pkt, &m, sizeof(m));
    stats.sent++;                       /* a refused send counts, as a lost packet */
    if (sendto(fd, pkt, len, 0, (const struct sockaddr *)to, sizeof(*to)) < 0) {
        util_warn_errno("sendto");
        return false;
    }
    return true;
}

/* Linux's precision: three significant digits or so. */
static void print_ms(double ms)
{
    printf(ms >= 100 ? "%.0f ms\n" : ms >= 10 ? "%.1f ms\n" : ms >= 1 ? "%.2f ms\n" : "%.3f ms\n", ms);
}

/*
 * Look at one packet: true if it is the reply to seq (printed and counted).
 * An IPv4 header, if present, gives the TTL and is skipped.
 */
static bool handle_packet(const uint8_t *buf, ssize_t len, const struct sockaddr_in *from, uint16_t seq)
{
    int ttl = -1;
    size_t hl = 0;
    struct icmp_echo m;

    if (len >= 20 && buf[0] >> 4 == 4) {
        hl = (size_t)(buf[0] & 0x0f) * 4;
        ttl = buf[8];
    }
    if ((size_t)len < hl + sizeof(m))
        return false;
    memcpy(&m, buf + hl, sizeof(m));
    if (m.type != ICMP_ECHO_REPLY || ntohs(m.id) != (uint16_t)getpid() || ntohs(m.seq) != seq)
        return false;
    printf("%zu bytes from %s: icmp_seq=%u", (size_t)len - hl, inet_ntoa(from->sin_addr), seq);
    if (ttl >= 0)
        printf(" ttl=%d", ttl);
    stats.received++;
    if (!timed() || (size_t)len < hl + sizeof(m) + TIME_LEN) {
        printf("\n");                  /* nothing to time it by */
        fflush(stdout);
        return true;
    }
    struct timespec sent, t;
    memcpy(&sent, buf + hl + sizeof(m), sizeof(sent));
    clock_gettime(CLOCK_MONOTONIC, &t);
    double ms = (double)(t.tv_sec - sent.tv_sec) * 1e3 + (double)(t.tv_nsec - sent.tv_nsec) / 1e6;
    printf(" time=");
    print_ms(ms);
    fflush(stdout);
    stats.min = stats.timed == 0 || ms < stats.min ? ms : stats.min;
    stats.max = ms > stats.max ? ms : stats.max;
    stats.sum += ms, stats.sum2 += ms * ms;
    stats.timed++;
    return true;
}

/* Receive until the reply to seq arrives or `until` (now_ms() time) passes. */
static void wait_reply(int fd, uint16_t seq, double until)
{
    static uint8_t buf[REPLY_MAX];

    while (!interrupted) {
        double left = until - now_ms();
        struct pollfd p = { fd, POLLIN, 0 };
        if (left <= 0 || poll(&p, 1, (int)left + 1) <= 0)
            return;
        struct sockaddr_in from;
        socklen_t flen = sizeof(from);
        ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
        if (n < 0)
            return;
        if (handle_packet(buf, n, &from, seq))
            return;
    }
}

/* Sleep until `until`, or a signal. */
static void pause_until(double until)
{
    double left = until - now_ms();

    if (left > 0 && !interrupted)
        poll(NULL, 0, (int)left);
}

static void summary(const char *host, double elapsed)
{
    long lost = stats.sent - stats.received;

    printf("\n--- %s ping statistics ---\n", host);
    printf("%ld packets transmitted, %ld received, %ld%% packet loss, time %.0fms\n", stats.sent,
           stats.received, stats.sent ? lost * 100 / stats.sent : 0, elapsed);
    if (stats.timed) {
        double avg = stats.sum / (double)stats.timed;
        double var = stats.sum2 / (double)stats.timed - avg * avg;
        printf("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n", stats.min, avg, stats.max,
               var > 0 ? sqrt(var) : 0.0);
    }
}

static double parse_secs(const char *s, double min)
{
    char *end;
    double v = strtod(s, &end);

    if (end == s || *end || !(v >= min) || v > 86400)
        util_die("invalid time '%s'", s);
    return v;
}

static void usage(void)
{
    fputs("usage: ping [-c COUNT] [-i SECS] [-W SECS] [-s SIZE] HOST\n", stderr);
    exit(2);
}

static void parse_args(int argc, char **argv)
{
    int c;

    while ((c = getopt(argc, argv, "c:i:W:s:")) != -1) {
        switch (c) {
        case 'c':
            if (!util_parse_long(optarg, &opt.count) || opt.count < 1)
                util_die("invalid count '%s'", optarg);
            break;
        case 'i': opt.interval = parse_secs(optarg, 0.01); break;
        case 'W': opt.wait = parse_secs(optarg, 0.001); break;
        case 's':
            if (!util_parse_long(optarg, &opt.size) || opt.size < 0 || opt.size > DATA_MAX)
                util_die("invalid size '%s' (0 to %d)", optarg, DATA_MAX);
            break;
        default:
            usage();
        }
    }
    if (optind != argc - 1)
        usage();
}

int main(int argc, char **argv)
{
    struct sockaddr_in to = { .sin_family = AF_INET };
    struct sigaction sa = { .sa_handler = on_sigint };   /* no SA_RESTART: poll returns */
    struct hostent *h;
    int fd;

    parse_args(argc, argv);
    const char *host = argv[optind];
    if (!(h = gethostbyname(host))) {
        util_warn("%s: Name or service not known", host);
        return 2;
    }
    memcpy(&to.sin_addr, h->h_addr, sizeof(to.sin_addr));
    if ((fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) < 0) {
        util_warn_errno("socket");
        return 2;
    }
    sigaction(SIGINT, &sa, NULL);
    printf("PING %s (%s) %ld(%ld) bytes of data.\n", host, inet_ntoa(to.sin_addr), opt.size,
           opt.size + 28);
    double start = now_ms();
    for (long seq = 1; !interrupted && (opt.count == 0 || seq <= opt.count); seq++) {
        double t = now_ms();
        if (send_echo(fd, &to, (uint16_t)seq))
            wait_reply(fd, (uint16_t)seq, t + opt.wait * 1e3);
        if (opt.count == 0 || seq < opt.count)
            pause_until(t + opt.interval * 1e3);
    }
    summary(host, now_ms() - start);
    close(fd);
    return stats.received ? 0 : 1;
}
