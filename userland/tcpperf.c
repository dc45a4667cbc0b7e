/*
 * tcpperf: TCP throughput and round-trip time between two programs.
 *
 *   tcpperf -s [-1] [-p PORT]                             server (-1: one client only)
 *   tcpperf -c HOST [-p PORT] [-n BYTES] [-l BUFLEN]      stream BYTES, report MB/s
 *   tcpperf -c HOST -r [-p PORT] [-n COUNT]               round trips, 1 B and 4 KiB
 *
 * Each connection starts with an 8-byte header: the mode ('S' stream,
 * 'R' request/response), whether it is the client's last connection (a
 * `-s -1' server exits after that one) and, for 'R', the message size.  A stream ends
 * with the client's shutdown(SHUT_WR); the server answers with the byte
 * count it received, so the client's clock (CLOCK_MONOTONIC) stops only
 * once everything has arrived, not when it was queued.  In 'R' mode the
 * server echoes each message whole; both sides set TCP_NODELAY so each
 * message leaves at once.  MB is 10^6 bytes.  The output lines are meant
 * for benchmark scripts too: keep their form.
 */
#define PROG "tcpperf"
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>

#include "util.h"

#define DEFAULT_PORT   5001
#define DEFAULT_BYTES  (10L << 20)
#define DEFAULT_BUFLEN 8192
#define DEFAULT_TRIPS  1000
#define MAX_MSG        (64 << 10)

struct header {
    char mode;                          /* 'S' or 'R' */
    char last;                          /* 1: the client's last connection (ends `-s -1') */
    char pad[2];
    uint32_t size;                      /* 'R': message size, network order */
};

static struct {
    bool server, once, rr;
    const char *host;
    uint16_t port;
    long bytes, buflen, trips;
} opt = { .port = DEFAULT_PORT, .bytes = DEFAULT_BYTES, .buflen = DEFAULT_BUFLEN, .trips = DEFAULT_TRIPS };

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Read exactly n bytes: 1, 0 at EOF first, -1 on error. */
static int read_full(int fd, void *buf, size_t n)
{
    for (char *p = buf; n > 0; ) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return (int)r;
        p += r, n -= (size_t)r;
    }
    return 1;
}

static void nodelay(int fd)
{
    int on = 1;

    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) < 0)
        util_warn_errno("setsockopt TCP_NODELAY");
}

/* Server, 'S': count bytes until EOF, report, and tell the client the count. */
static void sink(int fd)
{
    static char buf[MAX_MSG];
    uint64_t total = 0;
    double t0 = now_s();
    ssize_t n;

    while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
        total += n > 0 ? (uint64_t)n : 0;
    if (n < 0) {
        util_warn_errno("read");
        return;
    }
    double secs = now_s() - t0;
    printf("tcpperf: received %llu bytes in %.3f s: %.2f MB/s\n", (unsigned long long)total, secs,
           secs > 0 ? (double)total / secs / 1e6 : 0.0);
    fflush(stdout);
    uint32_t be[2] = { htonl((uint32_t)(total >> 32)), htonl((uint32_t)total) };
    util_write_all(fd, be, sizeof(be));
}

/* Server, 'R': echo messages of `size` bytes until the client closes. */
static void echo(int fd, uint32_t size)
{
    static char buf[MAX_MSG];
    long trips = 0;

    nodelay(fd);
    while (read_full(fd, buf, size) == 1 && util_write_all(fd, buf, size) == 0)
        trips++;
    printf("tcpperf: answered %ld round trips of %u bytes\n", trips, size);
    fflush(stdout);
}

static void serve(void)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(opt.port) };
    int l = socket(AF_INET, SOCK_STREAM, 0), on = 1;

    a.sin_addr.s_addr = htonl(INADDR_ANY);
    if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
        bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 4) < 0)
        util_die("listen on port %u: %s", opt.port, strerror(errno));
    printf("tcpperf: listening on port %u\n", opt.port);
    fflush(stdout);
    for (bool done = false; !done; ) {
        struct header h = { 0 };
        int fd = accept(l, NULL, NULL);
        if (fd < 0) {
            util_warn_errno("accept");
            continue;
        }
        if (read_full(fd, &h, sizeof(h)) != 1)
            util_warn("short header");
        else if (h.mode == 'S')
            sink(fd);
        else if (h.mode == 'R' && ntohl(h.size) >= 1 && ntohl(h.size) <= MAX_MSG)
            echo(fd, ntohl(h.size));
        else
            util_warn("bad header");
        close(fd);
        done = opt.once && h.last;
    }
    close(l);
}

/* A connection to the server, its header already sent. */
static int dial(char mode, uint32_t size, bool last)
{
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
    struct header h = { .mode = mode, .last = last, .size = htonl(size) };
    int err = getaddrinfo(opt.host, NULL, &hints, &res), fd;

    if (err)
        util_die("%s: %s", opt.host, gai_strerror(err));
    ((struct sockaddr_in *)res->ai_addr)->sin_port = htons(opt.port);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) < 0)
        util_die("connect: %s", strerror(errno));
    freeaddrinfo(res);
    if (util_write_all(fd, &h, sizeof(h)) < 0)
        util_die("write: %s", strerror(errno));
    return fd;
}

static void stream(void)
{
    char *buf = malloc((size_t)opt.buflen);
    int fd = dial('S', 0, true);
    uint32_t be[2];

    if (!buf)
        util_die("out of memory");
    for (long i = 0; i < opt.buflen; i++)
        buf[i] = (char)i;
    double t0 = now_s();
    for (long left = opt.bytes; left > 0; left -= opt.buflen)
        if (util_write_all(fd, buf, (size_t)(left < opt.buflen ? left : opt.buflen)) < 0)
            util_die("write: %s", strerror(errno));
    shutdown(fd, SHUT_WR);
    if (read_full(fd, be, sizeof(be)) != 1)
        util_die("no byte count from the server");
    double secs = now_s() - t0;
    uint64_t got = (uint64_t)ntohl(be[0]) << 32 | ntohl(be[1]);
    if (got != (uint64_t)opt.bytes)
        util_warn("the server received %llu bytes of %ld", (unsigned long long)got, opt.bytes);
    printf("tcpperf: sent %ld bytes in %.3f s: %.2f MB/s (buffer %ld)\n", opt.bytes, secs,
           secs > 0 ? (double)opt.bytes / secs / 1e6 : 0.0, opt.buflen);
    close(fd);
    free(buf);
}

static void round_trips(uint32_t size, bool last)
{
    static char buf[MAX_MSG];
    int fd = dial('R', size, last);

    nodelay(fd);
    memset(buf, 'r', size);
    double t0 = now_s();
    errno = 0;
    for (long i = 0; i < opt.trips; i++)
        if (util_write_all(fd, buf, size) < 0 || read_full(fd, buf, size) != 1)
            util_die("round trip %ld: %s", i, errno ? strerror(errno) : "connection closed");
    double secs = now_s() - t0;
    printf("tcpperf: %ld round trips of %u bytes: %.1f us each\n", opt.trips, size,
           secs * 1e6 / (double)opt.trips);
    close(fd);
}

/* A byte count with an optional K, M or G (powers of 1024). */
static long parse_size(const char *s, long min, long max)
{
    char *end;
    long v = strtol(s, &end, 10);
    int shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20 : *end == 'G' ? 30 : 0;

    if (end == s || (shift && end[1]) || (!shift && *end) || v < min || v > max >> shift)
        util_die("invalid size '%s'", s);
    return v << shift;
}

static __attribute__((noreturn)) void usage(void)
{
    fputs("usage: tcpperf -s [-1] [-p PORT]\n"
          "       tcpperf -c HOST [-p PORT] [-n BYTES] [-l BUFLEN]\n"
          "       tcpperf -c HOST -r [-p PORT] [-n ROUND_TRIPS]\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    long n = -1;
    int c;

    while ((c = getopt(argc, argv, "s1c:p:n:l:r")) != -1) {
        switch (c) {
        case 's': opt.server = true; break;
        case '1': opt.once = true; break;
        case 'c': opt.host = optarg; break;
        case 'p':
            if (!util_parse_long(optarg, &n) || n < 1 || n > 65535)
                util_die("invalid port '%s'", optarg);
            opt.port = (uint16_t)n, n = -1;
            break;
        case 'n': n = parse_size(optarg, 1, 0x7fffffffL); break;
        case 'l': opt.buflen = parse_size(optarg, 1, 1L << 20); break;
        case 'r': opt.rr = true; break;
        default: usage();
        }
    }
    if (optind != argc || opt.server == (opt.host != NULL))
        usage();
    signal(SIGPIPE, SIG_IGN);           /* a vanished peer is reported, not fatal */
    if (opt.server) {
        serve();
    } else if (opt.rr) {
        opt.trips = n > 0 ? n : DEFAULT_TRIPS;
        round_trips(1, false);
        round_trips(4096, true);
    } else {
        opt.bytes = n > 0 ? n : DEFAULT_BYTES;
        stream();
    }
    return 0;
}
