/*
 * nc: connect to or listen on a TCP or UDP port and relay bytes between
 * it and standard input/output.
 *
 *   nc [-u] [-v] [-w SECS] HOST PORT        client
 *   nc -l [-u] [-v] [-w SECS] [-p] PORT     listen for one peer
 *
 * One poll() loop watches standard input and the socket.  TCP: end of
 * input becomes shutdown(SHUT_WR), so the peer sees EOF and may still
 * answer; nc exits once both directions are over: its input has ended
 * and so has the peer's (a peer that closed completely makes the next
 * write fail, which also ends nc).  UDP has no end: a client stops at end of input, after
 * -w seconds of silence if given; a listener answers whoever sent the
 * first datagram and runs until -w seconds of silence or a signal.
 * -w also bounds the wait for a TCP connection and, for TCP, idle time.
 */
#define PROG "nc"
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "util.h"

static struct {
    bool listen, udp, verbose;
    int wait_ms;                        /* -w in ms; -1: no limit */
} opt = { .wait_ms = -1 };

static __attribute__((noreturn)) void usage(void)
{
    fputs("usage: nc [-u] [-v] [-w SECS] HOST PORT\n"
          "       nc -l [-u] [-v] [-w SECS] [-p] PORT\n", stderr);
    exit(2);
}

static uint16_t parse_port(const char *s)
{
    long v;

    if (!util_parse_long(s, &v) || v < 1 || v > 65535)
        util_die("invalid port '%s'", s);
    return (uint16_t)v;
}

/* "nc: what: strerror", exit 1. */
static __attribute__((noreturn)) void die_errno(const char *what)
{
    util_warn_errno(what);
    exit(1);
}

static int new_socket(void)
{
    int fd = socket(AF_INET, opt.udp ? SOCK_DGRAM : SOCK_STREAM, 0);

    if (fd < 0)
        die_errno("socket");
    return fd;
}

static int open_client(const char *host, uint16_t port)
{
    struct addrinfo hints = { .ai_family = AF_INET }, *res;
    int err = getaddrinfo(host, NULL, &hints, &res), fd;

    if (err)
        util_die("%s: %s", host, gai_strerror(err));
    struct sockaddr_in to = *(struct sockaddr_in *)res->ai_addr;
    freeaddrinfo(res);
    to.sin_port = htons(port);
    fd = new_socket();
    if (connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0)
        die_errno("connect");
    if (opt.verbose)
        util_warn("connected to %s port %u", inet_ntoa(to.sin_addr), port);
    return fd;
}

static void say_peer(const char *what, const struct sockaddr_in *a)
{
    if (opt.verbose)
        util_warn("%s %s port %u", what, inet_ntoa(a->sin_addr), ntohs(a->sin_port));
}

/* TCP: one connection; the listening socket is closed once it is accepted. */
static int accept_one(int l)
{
    struct timeval tv = { .tv_sec = opt.wait_ms / 1000, .tv_usec = opt.wait_ms % 1000 * 1000 };
    struct sockaddr_in from;
    socklen_t len = sizeof(from);
    int fd;

    if (listen(l, 1) < 0)
        die_errno("listen");
    if (opt.wait_ms > 0 && setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
        die_errno("setsockopt");
    while ((fd = accept(l, (struct sockaddr *)&from, &len)) < 0 && errno == EINTR)
        ;
    if (fd < 0 && errno == EAGAIN)
        util_die("timed out waiting for a connection");
    if (fd < 0)
        die_errno("accept");
    say_peer("connection from", &from);
    close(l);
    return fd;
}

/* UDP: wait for the first datagram, print it, and talk to its sender from then on. */
static void first_datagram(int fd)
{
    static char buf[UTIL_IO_BUF];
    struct pollfd p = { fd, POLLIN, 0 };
    struct sockaddr_in from;
    socklen_t len = sizeof(from);
    ssize_t n;

    if (poll(&p, 1, opt.wait_ms) == 0)
        util_die("timed out waiting for a datagram");
    if ((n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len)) < 0)
        die_errno("recvfrom");
    say_peer("datagram from", &from);
    if (util_write_all(1, buf, (size_t)n) < 0)
        die_errno("stdout");
    if (connect(fd, (struct sockaddr *)&from, sizeof(from)) < 0)
        die_errno("connect");
}

static int open_listener(uint16_t port)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    int fd = new_socket(), on = 1;

    a.sin_addr.s_addr = htonl(INADDR_ANY);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));   /* restartable at once */
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
        die_errno("bind");
    if (!opt.udp)
        return accept_one(fd);
    first_datagram(fd);
    return fd;
}

/* Socket to standard output; false at the peer's EOF. */
static bool net_to_stdout(int net)
{
    static char buf[UTIL_IO_BUF];
    ssize_t n = read(net, buf, sizeof(buf));

    if (n < 0 && errno == EINTR)
        return true;
    if (n < 0)
        die_errno("read");
    if (n > 0 && util_write_all(1, buf, (size_t)n) < 0)
        die_errno("stdout");
    return n > 0 || opt.udp;            /* an empty datagram is not an end */
}

/* Standard input to the socket; false at end of input. */
static bool stdin_to_net(int net)
{
    static char buf[UTIL_IO_BUF];
    ssize_t n = read(0, buf, sizeof(buf));

    if (n < 0 && errno == EINTR)
        return true;
    if (n < 0)
        die_errno("stdin");
    if (n == 0) {
        if (!opt.udp)
            shutdown(net, SHUT_WR);     /* the peer reads EOF */
        return false;
    }
    if (opt.udp ? send(net, buf, (size_t)n, 0) < 0 : util_write_all(net, buf, (size_t)n) < 0)
        die_errno("write");
    return true;
}

/* Relay until both directions are over, or -w seconds pass with nothing to do. */
static void relay(int net)
{
    bool in_open = true, net_open = true;

    for (;;) {
        if (!net_open && !in_open)
            return;
        if (!in_open && opt.udp && !opt.listen && opt.wait_ms < 0)
            return;                     /* a UDP client without -w stops with its input */
        struct pollfd p[2] = { { in_open ? 0 : -1, POLLIN, 0 }, { net_open ? net : -1, POLLIN, 0 } };
        int n = poll(p, 2, opt.wait_ms);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            die_errno("poll");
        if (n == 0)
            return;                     /* -w: idle for too long */
        if (p[1].revents)
            net_open = net_to_stdout(net);
        if (p[0].revents)
            in_open = stdin_to_net(net);
    }
}

int main(int argc, char **argv)
{
    const char *port_arg = NULL;
    long secs;
    int c;

    while ((c = getopt(argc, argv, "lup:vw:")) != -1) {
        switch (c) {
        case 'l': opt.listen = true; break;
        case 'u': opt.udp = true; break;
        case 'p': port_arg = optarg; break;
        case 'v': opt.verbose = true; break;
        case 'w':
            if (!util_parse_long(optarg, &secs) || secs < 1 || secs > 86400)
                util_die("invalid timeout '%s'", optarg);
            opt.wait_ms = (int)secs * 1000;
            break;
        default: usage();
        }
    }
    argc -= optind, argv += optind;
    signal(SIGPIPE, SIG_IGN);           /* a closed peer is an error message, not a silent death */
    int fd;
    if (opt.listen) {
        if (argc != (port_arg ? 0 : 1))         /* the port as -p PORT or as an operand */
            usage();
        fd = open_listener(parse_port(port_arg ? port_arg : argv[0]));
    } else {
        if (argc != 2 || port_arg)
            usage();
        fd = open_client(argv[0], parse_port(argv[1]));
    }
    relay(fd);
    close(fd);
    return 0;
}
