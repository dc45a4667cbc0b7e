/*
 * socket_tcp: TCP sockets over loopback (127.0.0.1), as user programs see
 * them through <sys/socket.h>.
 *
 * listen/accept/connect and the addresses each side reports; 1 MiB from a
 * forked child, checksummed; a descriptor shared across fork gives EOF
 * only when both copies are closed; SO_REUSEADDR lets a port in TIME_WAIT
 * be bound again; SO_RCVTIMEO makes recv (and accept) give up with
 * EAGAIN; a closed port refuses connections; shutdown(SHUT_WR) is EOF for
 * the peer, which can still answer; writing to a reset or shut down
 * connection gives EPIPE (or SIGPIPE); SO_SNDTIMEO bounds a blocked send;
 * TCP_NODELAY reads back; O_NONBLOCK, MSG_DONTWAIT, MSG_PEEK and
 * SOCK_CLOEXEC do what they say.  (Refusals and bad pointers: socket_udp.)
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include "check.h"

#define MIB (1u << 20)

static struct sockaddr_in loopback(uint16_t port)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static uint16_t port_of(int fd)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);

    return getsockname(fd, (struct sockaddr *)&a, &len) == 0 ? ntohs(a.sin_port) : 0;
}

/* A socket listening on 127.0.0.1 at port (0: the kernel picks one); -1 on failure. */
static int listener(uint16_t port)
{
    struct sockaddr_in a = loopback(port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 4) < 0) {
        CHECK(!"listener");
        close(fd);
        return -1;
    }
    return fd;
}

static int connect_to(uint16_t port)
{
    struct sockaddr_in a = loopback(port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    CHECK(fd >= 0);
    CHECK(connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
    return fd;
}

/* A connected pair: *c made by connect, *s by accept.  False on failure. */
static bool tcp_pair(int *c, int *s)
{
    int l = listener(0);

    *c = *s = -1;
    if (l < 0)
        return false;
    *c = connect_to(port_of(l));
    *s = accept(l, NULL, NULL);
    CHECK(*s >= 0);
    close(l);
    return *c >= 0 && *s >= 0;
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)((t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000);
}

static bool same_addr(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
    return a->sin_family == b->sin_family && a->sin_port == b->sin_port &&
           a->sin_addr.s_addr == b->sin_addr.s_addr;
}

/* Both ends name each other, and accept reports the client's address. */
static void connect_and_names(void)
{
    struct sockaddr_in la, ca, cpeer, from, speer, sname;
    socklen_t len = sizeof(la);
    struct stat st;
    int l = listener(0), type = 0;
    char buf[16];

    CHECK(getsockname(l, (struct sockaddr *)&la, &len) == 0 && len == sizeof(la));
    CHECK(la.sin_family == AF_INET && la.sin_port != 0 && la.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    len = sizeof(type);
    CHECK(getsockopt(l, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM);
    CHECK(fstat(l, &st) == 0 && S_ISSOCK(st.st_mode));
    int c = connect_to(ntohs(la.sin_port));
    len = sizeof(from);
    int s = accept(l, (struct sockaddr *)&from, &len);
    CHECK(s >= 0 && len == sizeof(from));
    len = sizeof(ca);
    CHECK(getsockname(c, (struct sockaddr *)&ca, &len) == 0);
    len = sizeof(cpeer);
    CHECK(getpeername(c, (struct sockaddr *)&cpeer, &len) == 0 && same_addr(&cpeer, &la));
    len = sizeof(speer);
    CHECK(getpeername(s, (struct sockaddr *)&speer, &len) == 0 && same_addr(&speer, &ca));
    len = sizeof(sname);
    CHECK(getsockname(s, (struct sockaddr *)&sname, &len) == 0 && same_addr(&sname, &la));
    CHECK(same_addr(&from, &ca));
    CHECK(ca.sin_port != la.sin_port);
    CHECK(write(c, "ping", 4) == 4 && read(s, buf, sizeof(buf)) == 4 && memcmp(buf, "ping", 4) == 0);
    CHECK(send(s, "pong!", 5, 0) == 5 && recv(c, buf, sizeof(buf), 0) == 5 && memcmp(buf, "pong!", 5) == 0);
    CHECK_ERR(getpeername(l, (struct sockaddr *)&from, &len), ENOTCONN);
    close(c), close(s), close(l);
}

static unsigned next(unsigned x) { return x * 1103515245u + 12345u; }

/* The child sends 1 MiB of a known sequence in odd-sized writes; the parent sums it. */
static void bulk_transfer(void)
{
    static char buf[3001];
    unsigned got = 0, sum = 0, want = 0, x = 1;
    int c, s, status = -1;

    if (!tcp_pair(&c, &s))
        return;
    pid_t pid = check_fork();
    if (pid == 0) {
        close(s);
        for (unsigned sent = 0; sent < MIB; ) {
            unsigned n = MIB - sent < sizeof(buf) ? MIB - sent : sizeof(buf);
            for (unsigned i = 0; i < n; i++)
                buf[i] = (char)((x = next(x)) >> 16);
            CHECK(send(c, buf, n, 0) == (ssize_t)n);
            sent += n;
        }
        check_child_exit();
    }
    close(c);
    for (ssize_t n; (n = recv(s, buf, sizeof(buf) - (got % 7), 0)) > 0; got += (unsigned)n)
        for (ssize_t i = 0; i < n; i++)
            sum = sum * 31 + (unsigned char)buf[i];
    for (unsigned i = 0; i < MIB; i++)
        want = want * 31 + (unsigned char)((x = next(x)) >> 16);
    CHECK(got == MIB);
    CHECK(sum == want);
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
    close(s);
}

/* fork: the child writes on its copy; EOF comes once both copies are closed. */
static void fork_child_writes(void)
{
    char buf[64];
    int c, s, status = -1;

    if (!tcp_pair(&c, &s))
        return;
    pid_t pid = fork();
    if (pid == 0) {
        write(c, "from the child", 14);
        _exit(0);
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
    CHECK(read(s, buf, sizeof(buf)) == 14 && memcmp(buf, "from the child", 14) == 0);
    CHECK(recv(s, buf, sizeof(buf), MSG_DONTWAIT) == -1 && errno == EAGAIN);  /* ours is still open */
    close(c);
    CHECK(read(s, buf, sizeof(buf)) == 0);
    close(s);
}

/* The server closes first, so its port sits in TIME_WAIT: only SO_REUSEADDR may bind it. */
static void reuseaddr(void)
{
    int l = listener(0), on = 1, val = -1;
    uint16_t port = port_of(l);
    struct sockaddr_in a = loopback(port);
    socklen_t len = sizeof(val);

    int c = connect_to(port), s = accept(l, NULL, NULL), r = -1;
    char buf[4];
    close(s);
    CHECK(read(c, buf, sizeof(buf)) == 0);              /* our FIN arrived */
    close(c);
    close(l);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK_ERR(bind(fd, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
    close(fd);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &val, &len) == 0 && val == 0);
    CHECK(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == 0);
    len = sizeof(val);
    CHECK(getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &val, &len) == 0 && val == 1);
    /* The closing handshake may still be on its way to TIME_WAIT: allow it a second. */
    for (int i = 0; i < 20 && (r = bind(fd, (struct sockaddr *)&a, sizeof(a))) < 0; i++)
        usleep(50 * 1000);
    CHECK(r == 0);
    CHECK(listen(fd, 1) == 0);
    c = connect_to(port);
    s = accept(fd, NULL, NULL);
    CHECK(s >= 0);
    close(c), close(s), close(fd);
}

/* SO_RCVTIMEO: a receive (and an accept) with nothing to take fails after about that long. */
static void rcvtimeo(void)
{
    struct timeval tv = { .tv_sec = 0, .tv_usec = 300 * 1000 }, back = { 0, 0 };
    socklen_t len = sizeof(back);
    struct timespec t0;
    char buf[8];
    int c, s;

    if (!tcp_pair(&c, &s))
        return;
    CHECK(setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
    CHECK(getsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &back, &len) == 0 && len == sizeof(back));
    CHECK(back.tv_sec == 0 && back.tv_usec == 300 * 1000);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    errno = 0;
    CHECK(recv(c, buf, sizeof(buf), 0) == -1 && (errno == EAGAIN || errno == EWOULDBLOCK));
    long ms = ms_since(&t0);
    if (ms < 250 || ms > 2000)
        fprintf(stderr, "socket_tcp: recv timed out after %ld ms, expected ~300\n", ms);
    CHECK(ms >= 250 && ms <= 2000);
    CHECK(write(s, "x", 1) == 1 && read(c, buf, sizeof(buf)) == 1);   /* still usable */
    int l = listener(0);
    CHECK(setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0);
    CHECK_ERR(accept(l, NULL, NULL), EAGAIN);
    CHECK_ERR(setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, 4), EINVAL);  /* too short */
    close(l), close(c), close(s);
}

static void refused(void)
{
    int l = listener(0);
    uint16_t port = port_of(l);
    struct sockaddr_in a = loopback(port);

    close(l);                                           /* now nobody listens there */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK_ERR(connect(fd, (struct sockaddr *)&a, sizeof(a)), ECONNREFUSED);
    close(fd);
}

/* Half close: the peer reads EOF (every time it asks) and can still answer. */
static void shutdown_write(void)
{
    char buf[16];
    int c, s;

    if (!tcp_pair(&c, &s))
        return;
    CHECK(write(c, "last", 4) == 4);
    CHECK(shutdown(c, SHUT_WR) == 0);
    CHECK(read(s, buf, sizeof(buf)) == 4);
    CHECK(read(s, buf, sizeof(buf)) == 0);
    CHECK(read(s, buf, sizeof(buf)) == 0);              /* EOF stays EOF */
    CHECK(write(s, "reply", 5) == 5);
    CHECK(read(c, buf, sizeof(buf)) == 5 && memcmp(buf, "reply", 5) == 0);
    CHECK_ERR(shutdown(c, 7), EINVAL);
    close(c), close(s);
}

/* The peer closes with our data unread, which resets the connection: writes then fail. */
static void reset_gives_epipe(void)
{
    int c, s, i, err = 0;

    if (!tcp_pair(&c, &s))
        return;
    signal(SIGPIPE, SIG_IGN);
    struct pollfd p = { s, POLLIN, 0 };
    CHECK(write(c, "never read", 10) == 10);
    CHECK(poll(&p, 1, 2000) == 1);                     /* arrived, and stays unread */
    close(s);
    for (i = 0; i < 100; i++) {                         /* the reset takes a moment to arrive */
        if (write(c, "more", 4) < 0) {
            err = errno;
            break;
        }
        usleep(20 * 1000);
    }
    CHECK(i < 100);
    if (err != EPIPE)
        fprintf(stderr, "socket_tcp: write after reset: errno %d (%s), expected EPIPE\n", err, strerror(err));
    CHECK(err == EPIPE);
    signal(SIGPIPE, SIG_DFL);
    close(c);
}

/* Our own SHUT_WR also ends writing: EPIPE, and SIGPIPE kills unless ignored. */
static void write_after_shutdown(void)
{
    int c, s, status = -1;

    if (!tcp_pair(&c, &s))
        return;
    CHECK(shutdown(c, SHUT_WR) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        write(c, "x", 1);
        _exit(0);
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_KILLED(status, SIGPIPE);
    signal(SIGPIPE, SIG_IGN);
    CHECK_ERR(write(c, "x", 1), EPIPE);
    signal(SIGPIPE, SIG_DFL);
    close(c), close(s);
}

/* SO_SNDTIMEO: with the peer not reading, a full send buffer fails after about that long. */
static void sndtimeo_child(void)
{
    static char buf[16384];
    struct timeval tv = { .tv_sec = 0, .tv_usec = 200 * 1000 };
    struct timespec t0;
    int c, s, i;

    alarm(10);                          /* if the timeout does not work: die, not hang */
    if (!tcp_pair(&c, &s))
        return;
    CHECK(setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == 0);
    for (i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (write(c, buf, sizeof(buf)) < 0)
            break;
    }
    CHECK(i < 1000 && (errno == EAGAIN || errno == EWOULDBLOCK));
    long ms = ms_since(&t0);
    CHECK(ms >= 150 && ms <= 2000);
    close(c), close(s);
}

static void sndtimeo(void)
{
    CHECK_EXITED(check_in_child(sndtimeo_child), 0);
}

static void nodelay(void)
{
    int c, s, on = 1, off = 0, val = -1;
    socklen_t len = sizeof(val);

    if (!tcp_pair(&c, &s))
        return;
    CHECK(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &val, &len) == 0 && val == 0 && len == sizeof(int));
    CHECK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) == 0);
    CHECK(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &val, &len) == 0 && val == 1);
    CHECK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &off, sizeof(off)) == 0);
    CHECK(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &val, &len) == 0 && val == 0);
    close(c), close(s);
}

/* O_NONBLOCK, MSG_DONTWAIT, MSG_PEEK and SOCK_CLOEXEC. */
static void flags(void)
{
    struct sockaddr_in a = loopback(0);
    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), c, s;
    char buf[4];

    CHECK(bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(l, 1) == 0);
    CHECK_ERR(accept(l, NULL, NULL), EAGAIN);           /* nothing pending, and non-blocking */
    CHECK(fcntl(l, F_GETFL) & O_NONBLOCK);
    close(l);
    l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(fcntl(l, F_GETFD) == FD_CLOEXEC);
    close(l);
    if (tcp_pair(&c, &s)) {
        CHECK_ERR(recv(c, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
        CHECK(write(s, "abc", 3) == 3);
        CHECK(recv(c, buf, 2, MSG_PEEK) == 2 && memcmp(buf, "ab", 2) == 0);
        CHECK(recv(c, buf, sizeof(buf), 0) == 3 && memcmp(buf, "abc", 3) == 0);
        close(c), close(s);
    }
}

int main(void)
{
    connect_and_names();
    bulk_transfer();
    fork_child_writes();
    reuseaddr();
    rcvtimeo();
    refused();
    shutdown_write();
    reset_gives_epipe();
    write_after_shutdown();
    sndtimeo();
    nodelay();
    flags();
    return check_status();
}
