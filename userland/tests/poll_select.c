/*
 * poll_select: poll() and select() across pipes, sockets and the console.
 *
 * Readiness to read, to write and hangup on a pipe; the same on a TCP
 * connection and a listening socket (a pending connection is readable);
 * timeouts wait about as long as asked, 0 does not wait, -1 / NULL wait
 * for an event another process causes; select with a NULL timeout on a
 * ready descriptor returns at once; a signal interrupts a wait (EINTR);
 * a closed descriptor gives POLLNVAL (poll) or EBADF (select), a negative
 * one is skipped, and bad pointers give EFAULT.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include "check.h"

static long ms_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)((t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000);
}

/* revents of one descriptor after a poll that does not wait. */
static int revents(int fd, short events)
{
    struct pollfd p = { .fd = fd, .events = events };

    return poll(&p, 1, 0) < 0 ? -1 : p.revents;
}

/* The same once something is ready, waiting up to 2 s for loopback to deliver. */
static int revents_soon(int fd, short events)
{
    struct pollfd p = { .fd = fd, .events = events };

    return poll(&p, 1, 2000) < 0 ? -1 : p.revents;
}

/* A connected TCP pair over loopback: *c made by connect, *s by accept; *l stays listening. */
static bool tcp_pair(int *l, int *c, int *s)
{
    struct sockaddr_in a = { .sin_family = AF_INET };
    socklen_t len = sizeof(a);

    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    *l = socket(AF_INET, SOCK_STREAM, 0);
    *c = socket(AF_INET, SOCK_STREAM, 0);
    *s = -1;
    if (bind(*l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(*l, 2) < 0 ||
        getsockname(*l, (struct sockaddr *)&a, &len) < 0) {
        CHECK(!"listening socket");
        return false;
    }
    CHECK(revents(*l, POLLIN) == 0);                   /* nobody is connecting yet */
    CHECK(connect(*c, (struct sockaddr *)&a, sizeof(a)) == 0);
    CHECK(revents_soon(*l, POLLIN) == POLLIN);         /* a connection to accept */
    *s = accept(*l, NULL, NULL);
    CHECK(*s >= 0);
    return *s >= 0;
}

static void pipe_readiness(void)
{
    int p[2];
    char c;

    CHECK(pipe(p) == 0);
    CHECK(revents(p[0], POLLIN) == 0);
    CHECK(revents(p[1], POLLOUT) == POLLOUT);
    CHECK(write(p[1], "x", 1) == 1);
    CHECK(revents(p[0], POLLIN | POLLOUT) == POLLIN);  /* a read end is never writable */
    CHECK(read(p[0], &c, 1) == 1);
    CHECK(revents(p[0], POLLIN) == 0);
    CHECK(write(p[1], "y", 1) == 1);
    close(p[1]);
    CHECK(revents(p[0], POLLIN) == (POLLIN | POLLHUP));   /* data, then end of file */
    CHECK(read(p[0], &c, 1) == 1);
    CHECK(revents(p[0], POLLIN) == POLLHUP);
    CHECK(revents(p[0], 0) == POLLHUP);                 /* hangup comes unasked */
    close(p[0]);
    CHECK(pipe(p) == 0);
    close(p[0]);
    CHECK(revents(p[1], POLLOUT) & POLLERR);             /* no reader left */
    close(p[1]);
}

static void socket_readiness(void)
{
    int l, c, s;
    char buf[8];

    if (!tcp_pair(&l, &c, &s))
        return;
    CHECK(revents(c, POLLIN | POLLOUT) == POLLOUT);
    CHECK(revents(s, POLLIN | POLLOUT) == POLLOUT);
    CHECK(write(c, "abc", 3) == 3);
    CHECK(revents_soon(s, POLLIN) == POLLIN);
    CHECK(revents(s, POLLIN | POLLOUT) == (POLLIN | POLLOUT));
    CHECK(read(s, buf, sizeof(buf)) == 3);
    CHECK(revents(s, POLLIN) == 0);
    close(c);                                           /* EOF for s: readable, read gives 0 */
    CHECK(revents_soon(s, POLLIN) & POLLIN);
    CHECK(read(s, buf, sizeof(buf)) == 0);
    CHECK(shutdown(s, SHUT_WR) == 0);                   /* both directions over: hangup */
    CHECK(revents_soon(s, POLLIN) & POLLHUP);
    close(s), close(l);
}

/* Several kinds at once; only the ready ones are reported, in both calls. */
static void mixed_sets(void)
{
    int p[2], l, c, s;
    fd_set rd, wr;
    struct timeval tv = { 0, 0 };

    if (pipe(p) < 0 || !tcp_pair(&l, &c, &s))
        return;
    CHECK(write(c, "z", 1) == 1);
    CHECK(revents_soon(s, POLLIN) == POLLIN);
    struct pollfd fds[] = { { p[0], POLLIN, 0 }, { s, POLLIN, 0 }, { c, POLLIN, 0 }, { -1, POLLIN, 7 } };
    CHECK(poll(fds, 4, 1000) == 1);
    CHECK(fds[0].revents == 0 && fds[1].revents == POLLIN && fds[2].revents == 0);
    CHECK(fds[3].revents == 0);                         /* a negative fd is skipped, revents cleared */
    FD_ZERO(&rd), FD_ZERO(&wr);
    FD_SET(p[0], &rd), FD_SET(s, &rd), FD_SET(c, &rd), FD_SET(p[1], &wr);
    int nfds = (p[0] > s ? p[0] : s) > c ? (p[0] > s ? p[0] : s) : c;
    nfds = (nfds > p[1] ? nfds : p[1]) + 1;
    CHECK(select(nfds, &rd, &wr, NULL, &tv) == 2);
    CHECK(!FD_ISSET(p[0], &rd) && FD_ISSET(s, &rd) && !FD_ISSET(c, &rd) && FD_ISSET(p[1], &wr));
    if (isatty(1)) {                                    /* the console takes output */
        struct pollfd con = { 1, POLLOUT, 0 };
        CHECK(poll(&con, 1, 0) == 1 && con.revents == POLLOUT);
    }
    close(p[0]), close(p[1]), close(l), close(c), close(s);
}

static void timeouts(void)
{
    struct timeval tv = { .tv_sec = 0, .tv_usec = 150 * 1000 };
    struct timespec t0;
    fd_set rd;
    int p[2];
    long ms;

    CHECK(pipe(p) == 0);
    struct pollfd fd = { p[0], POLLIN, 0 };
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(poll(&fd, 1, 200) == 0 && fd.revents == 0);
    ms = ms_since(&t0);
    CHECK(ms >= 190 && ms < 2000);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(poll(NULL, 0, 100) == 0);                     /* no descriptors: a sleep */
    ms = ms_since(&t0);
    CHECK(ms >= 90 && ms < 2000);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(select(p[0] + 1, &rd, NULL, NULL, &tv) == 0 && !FD_ISSET(p[0], &rd));
    ms = ms_since(&t0);
    CHECK(ms >= 140 && ms < 2000);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(poll(&fd, 1, 0) == 0 && ms_since(&t0) < 100); /* 0: just look */
    CHECK(write(p[1], "r", 1) == 1);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    CHECK(select(p[0] + 1, &rd, NULL, NULL, NULL) == 1 && FD_ISSET(p[0], &rd));  /* ready: no wait */
    close(p[0]), close(p[1]);
}

/* A wait with no timeout ends when a child writes, on a pipe and on a socket. */
static void woken_by_child(void)
{
    int p[2], l, c, s, status = -1;

    if (pipe(p) < 0 || !tcp_pair(&l, &c, &s))
        return;
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100 * 1000);
        write(p[1], "p", 1);
        usleep(100 * 1000);
        write(c, "s", 1);
        _exit(0);
    }
    struct pollfd fd = { p[0], POLLIN, 0 };
    CHECK(poll(&fd, 1, -1) == 1 && fd.revents == POLLIN);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    CHECK(select(s + 1, &rd, NULL, NULL, NULL) == 1 && FD_ISSET(s, &rd));
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
    close(p[0]), close(p[1]), close(l), close(c), close(s);
}

static void on_alarm(int sig) { (void)sig; }

static void interrupted(void)
{
    struct sigaction sa = { .sa_handler = on_alarm };
    int p[2];
    fd_set rd;

    CHECK(pipe(p) == 0);
    sigaction(SIGALRM, &sa, NULL);
    struct pollfd fd = { p[0], POLLIN, 0 };
    alarm(1);
    CHECK_ERR(poll(&fd, 1, 5000), EINTR);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    alarm(1);
    CHECK_ERR(select(p[0] + 1, &rd, NULL, NULL, NULL), EINTR);
    alarm(0);
    signal(SIGALRM, SIG_DFL);
    close(p[0]), close(p[1]);
}

static void bad_arguments(void)
{
    struct timeval tv = { 0, 0 };
    fd_set rd;
    int p[2];

    CHECK(pipe(p) == 0);
    close(p[1]);
    struct pollfd fds[] = { { p[1], POLLIN, 0 }, { p[0], POLLIN, 0 } };
    CHECK(poll(fds, 2, 0) == 2 && fds[0].revents == POLLNVAL && fds[1].revents == POLLHUP);
    FD_ZERO(&rd);
    FD_SET(p[1], &rd);
    CHECK_ERR(select(p[1] + 1, &rd, NULL, NULL, &tv), EBADF);
    CHECK_ERR(poll((struct pollfd *)1, 1, 0), EFAULT);
    CHECK_ERR(poll((struct pollfd *)0xc0000000, 1, 0), EFAULT);   /* kernel memory */
    CHECK_ERR(select(p[0] + 1, (fd_set *)4, NULL, NULL, &tv), EFAULT);
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    CHECK_ERR(select(p[0] + 1, &rd, NULL, NULL, (struct timeval *)8), EFAULT);
    CHECK_ERR(select(-1, NULL, NULL, NULL, &tv), EINVAL);
    CHECK_ERR(select(FD_SETSIZE + 1, NULL, NULL, NULL, &tv), EINVAL);
    tv.tv_usec = -1;
    CHECK_ERR(select(0, NULL, NULL, NULL, &tv), EINVAL);
    close(p[0]);
}

int main(void)
{
    pipe_readiness();
    socket_readiness();
    mixed_sets();
    timeouts();
    woken_by_child();
    interrupted();
    bad_arguments();
    return check_status();
}
