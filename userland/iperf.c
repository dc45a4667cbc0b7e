/*
 * iperf: TCP throughput against iperf2 (the host's `iperf`, Debian's
 * iperf 2.x) in either direction.
 *
 *   iperf -s [-p PORT] [-D]        the server: lwIP's lwiperf in the kernel
 *   iperf --stop                   stop a server left running with -D
 *   iperf -c HOST [-p PORT] [-t SECS] [-l LEN]   a client in this process
 *
 * The server is not this process: `iperf -s` writes "start PORT" to
 * /proc/net/iperf (net/iperf.c), then polls that file and prints each
 * finished test, until Ctrl-C (or SIGTERM) makes it write "stop".  With
 * -D it returns at once and the kernel keeps serving.  The client sends
 * iperf2's 24-byte test header (flags 0: no reverse test) and then a
 * digit pattern for SECS seconds (default 10) in LEN-byte writes (default
 * 128K), half-closes, and stops its clock at the server's EOF, so the
 * figure counts only data that arrived (after a failed write it reports
 * what went out, and exits 1).  MBytes are 2^20 bytes, Mbits 10^6 bits,
 * as iperf prints them.  Exit status: 0, 1 on errors, 2 for bad usage.
 */
#define PROG "iperf"
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>

#include "util.h"

#define CTL             "/proc/net/iperf"
#define DEFAULT_PORT    5001
#define DEFAULT_SECS    10.0
#define DEFAULT_LEN     (128 * 1024)
#define MAX_LEN         (1024 * 1024)
#define POLL_MS         200             /* how often `iperf -s` looks for new reports */
#define EOF_WAIT_MS     10000           /* how long the client waits for the server's EOF */
#define RULE "------------------------------------------------------------\n"

/* iperf2's client header: the first 24 bytes of a test, network order. */
struct iperf_header {
    int32_t flags, threads, port, buffer_len, win_band, amount;   /* amount < 0: time in 10 ms */
};

static struct {
    bool server, client, daemon, stop;
    const char *host;
    long port, len;
    double secs;
} opt = { .port = DEFAULT_PORT, .len = DEFAULT_LEN, .secs = DEFAULT_SECS };

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* "[  1] 0.0000-3.0123 sec  15.6 MBytes  43.5 Mbits/sec" */
static void print_result(unsigned id, double bytes, double secs)
{
    printf("[%3u] 0.0000-%.4f sec  %.1f MBytes  %.1f Mbits/sec\n", id, secs, bytes / 1048576.0,
           secs > 0 ? bytes * 8 / secs / 1e6 : 0.0);
    fflush(stdout);
}

/* ---- the server, in the kernel ---- */

/* Write a command to /proc/net/iperf; 0 or -1 with errno. */
static int ctl(const char *cmd)
{
    int fd = open(CTL, O_WRONLY), r = -1;

    if (fd >= 0) {
        r = write(fd, cmd, strlen(cmd)) == (ssize_t)strlen(cmd) ? 0 : -1;
        int err = errno;
        close(fd);
        errno = err;
    }
    return r;
}

/* Print the reports numbered above *last (a line of /proc/net/iperf each). */
static void print_new_reports(unsigned *last)
{
    static char text[4096];
    char kind[24], rip[16], lip[16];
    unsigned seq, rport, lport, bytes, ms, kbits;

    if (util_read_file(CTL, text, sizeof(text)) < 0)
        return;
    for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
        if (sscanf(l, "report %u %23s %15s %u %15s %u %u %u %u", &seq, kind, rip, &rport,
                   lip, &lport, &bytes, &ms, &kbits) != 9 || seq <= *last)
            continue;
        *last = seq;
        printf("[%3u] local %s port %u connected with %s port %u\n", seq, lip, lport, rip, rport);
        print_result(seq, bytes, ms / 1000.0);
        if (strcmp(kind, "done") != 0)
            printf("[%3u] the test ended early: %s\n", seq, kind);
        fflush(stdout);
    }
}

/* The number of the newest report so far (so old tests are not printed again). */
static unsigned reports_so_far(void)
{
    char text[256];
    const char *p;
    unsigned n = 0;

    if (util_read_file(CTL, text, sizeof(text)) >= 0 && (p = strstr(text, "reports: ")))
        sscanf(p, "reports: %u", &n);
    return n;
}

static int run_server(void)
{
    char cmd[32];
    unsigned last = reports_so_far();

    snprintf(cmd, sizeof(cmd), "start %ld", opt.port);
    if (ctl(cmd) < 0) {
        if (errno == EBUSY)
            util_die("a server is already running (iperf --stop stops it)");
        util_die("%s: %s", cmd, strerror(errno));
    }
    printf(RULE "Server listening on TCP port %ld (lwIP's lwiperf, in the kernel)\n" RULE, opt.port);
    if (opt.daemon) {
        printf("The server keeps running; `iperf --stop` stops it.\n");
        return 0;
    }
    fflush(stdout);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    while (!interrupted) {
        print_new_reports(&last);
        usleep(POLL_MS * 1000);
    }
    print_new_reports(&last);
    return ctl("stop") < 0 ? (util_warn("stop: %s", strerror(errno)), 1) : 0;
}

static int stop_server(void)
{
    char text[256];

    if (util_read_file(CTL, text, sizeof(text)) < 0)
        util_die("%s: %s", CTL, strerror(errno));
    if (!strstr(text, "state: running")) {
        util_warn("no server is running");
        return 1;
    }
    if (ctl("stop") < 0)
        util_die("stop: %s", strerror(errno));
    printf("iperf: server stopped\n");
    return 0;
}

/* ---- the client, here ---- */

static int connect_to(const char *host, long port)
{
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
    struct sockaddr_in local, peer;
    socklen_t len = sizeof(local);
    char lip[16];
    int err = getaddrinfo(host, NULL, &hints, &res), fd;

    if (err)
        util_die("%s: %s", host, gai_strerror(err));
    peer = *(struct sockaddr_in *)res->ai_addr;
    peer.sin_port = htons((uint16_t)port);
    freeaddrinfo(res);
    printf(RULE "Client connecting to %s, TCP port %ld\n" RULE, host, port);
    fflush(stdout);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&peer, sizeof(peer)) < 0)
        util_die("connect failed: %s", strerror(errno));
    getsockname(fd, (struct sockaddr *)&local, &len);
    snprintf(lip, sizeof(lip), "%s", inet_ntoa(local.sin_addr));
    printf("[  1] local %s port %u connected with %s port %ld\n", lip, ntohs(local.sin_port),
           inet_ntoa(peer.sin_addr), port);
    fflush(stdout);
    return fd;
}

/* iperf's digit pattern in the first n bytes of buf. */
static void fill_pattern(char *buf, long n)
{
    for (long i = 0; i < n; i++)
        buf[i] = (char)('0' + i % 10);
}

/* The first write starts with the header; the rest is the pattern. */
static char *make_buffer(void)
{
    char *buf = malloc((size_t)opt.len);
    struct iperf_header h = { 0, (int32_t)htonl(1), (int32_t)htonl((uint32_t)opt.port),
                              (int32_t)htonl((uint32_t)opt.len), 0,
                              (int32_t)htonl((uint32_t)-(int32_t)(opt.secs * 100)) };

    if (!buf)
        util_die("out of memory");
    fill_pattern(buf, opt.len);
    memcpy(buf, &h, sizeof(h));
    return buf;
}

/* After the half close: wait until the server has read everything and closed. */
static void wait_for_eof(int fd)
{
    struct pollfd p = { fd, POLLIN, 0 };
    char sink[512];

    shutdown(fd, SHUT_WR);
    while (poll(&p, 1, EOF_WAIT_MS) > 0 && read(fd, sink, sizeof(sink)) > 0)
        ;
}

static int run_client(void)
{
    int fd = connect_to(opt.host, opt.port);
    char *buf = make_buffer();
    double start = now_s(), sent = 0;
    int status = 0;

    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    while (!interrupted && now_s() - start < opt.secs) {
        ssize_t n = write(fd, buf, (size_t)opt.len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            util_warn("write failed: %s", strerror(errno));
            status = 1;
            break;
        }
        if (sent == 0)
            fill_pattern(buf, sizeof(struct iperf_header));    /* the header goes once */
        sent += (double)n;
    }
    if (status == 0)
        wait_for_eof(fd);
    print_result(1, sent, now_s() - start);         /* what went out, even after an error */
    close(fd);
    free(buf);
    return status;
}

/* ---- options ---- */

static _Noreturn void usage(void)
{
    fputs("usage: iperf -s [-p PORT] [-D]\n"
          "       iperf --stop\n"
          "       iperf -c HOST [-p PORT] [-t SECS] [-l LEN[K|M]]\n", stderr);
    exit(2);
}

/* "128K", "1M", "8000" */
static long parse_len(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (*end == 'K' || *end == 'k')
        v *= 1024, end++;
    else if (*end == 'M' || *end == 'm')
        v *= 1024 * 1024, end++;
    return end == s || *end || v < (long)sizeof(struct iperf_header) || v > MAX_LEN ? -1 : v;
}

static void parse_options(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        char *end;
        if (!strcmp(a, "-s")) opt.server = true;
        else if (!strcmp(a, "-D")) opt.daemon = true;
        else if (!strcmp(a, "--stop")) opt.stop = true;
        else if (!strcmp(a, "-c") && next) opt.client = true, opt.host = argv[++i];
        else if (!strcmp(a, "-p") && next && util_parse_long(next, &opt.port) &&
                 opt.port > 0 && opt.port < 65536) i++;
        else if (!strcmp(a, "-t") && next && (opt.secs = strtod(next, &end)) > 0 && !*end) i++;
        else if (!strcmp(a, "-l") && next && (opt.len = parse_len(next)) > 0) i++;
        else usage();
    }
    if (opt.server + opt.client + opt.stop != 1 || (opt.daemon && !opt.server))
        usage();
}

int main(int argc, char **argv)
{
    parse_options(argc, argv);
    if (opt.stop)
        return stop_server();
    return opt.server ? run_server() : run_client();
}
