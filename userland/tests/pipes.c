/*
 * pipes: data, blocking, end of file, SIGPIPE/EPIPE and descriptor rules.
 *
 * Bytes come out in order; a reader blocks until a (slow) writer writes;
 * a writer blocks when the pipe is full until the reader drains it (1 MiB
 * through a small buffer, checksummed); read returns 0 once every write
 * end is closed, including the copies in other processes; writing with no
 * reader raises SIGPIPE (default: death) or, with SIGPIPE ignored, fails
 * with EPIPE.  Writes of up to 512 bytes are atomic among several writers,
 * the wrong end answers EBADF, O_NONBLOCK gives EAGAIN, a signal
 * interrupts a blocked read (EINTR), and two programs joined by dup2'd
 * pipes work as a shell pipeline would.
 */
#include <sys/stat.h>
#include "check.h"

#define SELF "/bin/tests/pipes"
#define MIB (1u << 20)

static void in_order(void)
{
    int p[2];
    char buf[64];

    CHECK(pipe(p) == 0);
    CHECK(p[0] >= 0 && p[1] >= 0 && p[0] != p[1]);
    CHECK(write(p[1], "hello, ", 7) == 7 && write(p[1], "pipe", 4) == 4);
    CHECK(read(p[0], buf, sizeof buf) == 11 && memcmp(buf, "hello, pipe", 11) == 0);
    CHECK_ERR(write(p[0], "x", 1), EBADF);              /* wrong ends */
    CHECK_ERR(read(p[1], buf, 1), EBADF);
    CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
    struct stat st;
    CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
    CHECK(close(p[1]) == 0);
    CHECK(read(p[0], buf, sizeof buf) == 0);            /* end of file */
    CHECK(close(p[0]) == 0);
}

static void reader_blocks(void)
{
    int p[2], status = -1;
    char buf[8];

    CHECK(pipe(p) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        usleep(100 * 1000);
        write(p[1], "late", 4);
        _exit(0);
    }
    close(p[1]);
    CHECK(read(p[0], buf, sizeof buf) == 4 && memcmp(buf, "late", 4) == 0);
    CHECK(read(p[0], buf, sizeof buf) == 0);            /* the child exited: its end closed */
    close(p[0]);
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
}

static unsigned next(unsigned x) { return x * 1103515245u + 12345u; }

/* 1 MiB through the pipe in odd-sized pieces; the writer blocks whenever it is full. */
static void writer_blocks(void)
{
    int p[2], status = -1;
    static char buf[4099];

    CHECK(pipe(p) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        unsigned x = 1;
        close(p[0]);
        for (unsigned sent = 0; sent < MIB; ) {
            unsigned n = MIB - sent < sizeof buf ? MIB - sent : sizeof buf;
            for (unsigned i = 0; i < n; i++)
                buf[i] = (char)(x = next(x)) ;
            if (write(p[1], buf, n) != (ssize_t)n)
                _exit(1);
            sent += n;
        }
        _exit(0);
    }
    close(p[1]);
    unsigned x = 1, got = 0, bad = 0;
    ssize_t n;
    while ((n = read(p[0], buf, 1000)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            bad += buf[i] != (char)(x = next(x));
        got += (unsigned)n;
    }
    CHECK(n == 0 && got == MIB && bad == 0);
    close(p[0]);
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
}

/* EOF comes only when every copy of the write end is closed. */
static void eof_needs_all_writers(void)
{
    int p[2], status = -1;
    char c;

    CHECK(pipe(p) == 0);
    int extra = dup(p[1]);
    CHECK(extra >= 0);
    close(p[1]);
    pid_t pid = fork();                                 /* the child holds `extra` too */
    if (pid == 0) {
        usleep(100 * 1000);
        write(extra, "z", 1);
        _exit(0);
    }
    close(extra);
    CHECK(read(p[0], &c, 1) == 1 && c == 'z');          /* not 0: the child's copy was open */
    CHECK(read(p[0], &c, 1) == 0);
    close(p[0]);
    CHECK(waitpid(pid, &status, 0) == pid);
}

static void no_reader(void)
{
    int p[2], status = -1;

    CHECK(pipe(p) == 0);
    close(p[0]);
    pid_t pid = fork();
    if (pid == 0) {
        write(p[1], "x", 1);                            /* SIGPIPE kills us here */
        _exit(0);
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_KILLED(status, SIGPIPE);
    signal(SIGPIPE, SIG_IGN);
    CHECK_ERR(write(p[1], "x", 1), EPIPE);
    signal(SIGPIPE, SIG_DFL);
    close(p[1]);
    /* the reader goes away while the writer is blocked on a full pipe */
    CHECK(pipe(p) == 0);
    pid = fork();
    if (pid == 0) {
        static char big[256 * 1024];    /* more than any pipe holds */
        close(p[0]);
        signal(SIGPIPE, SIG_IGN);
        ssize_t r = write(p[1], big, sizeof big);
        _exit(r == -1 && errno == EPIPE ? 0 : r > 0 && r < (ssize_t)sizeof big ? 0 : 1);
    }
    close(p[1]);
    usleep(100 * 1000);
    close(p[0]);
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
}

/* Several writers of 512-byte records: no record is torn. */
static void atomic_writes(void)
{
    enum { WRITERS = 4, RECORDS = 64, SIZE = 512 };
    int p[2];
    char rec[SIZE];

    CHECK(pipe(p) == 0);
    for (int w = 0; w < WRITERS; w++) {
        if (fork() == 0) {
            close(p[0]);
            memset(rec, 'A' + w, SIZE);
            for (int i = 0; i < RECORDS; i++)
                write(p[1], rec, SIZE);
            _exit(0);
        }
    }
    close(p[1]);
    int torn = 0, records = 0;
    ssize_t n;
    while ((n = read(p[0], rec, SIZE)) > 0) {
        while (n < SIZE) {                              /* a record may arrive in pieces */
            ssize_t more = read(p[0], rec + n, SIZE - n);
            if (more <= 0)
                break;
            n += more;
        }
        for (int i = 1; i < n; i++)
            torn += rec[i] != rec[0];
        records++;
    }
    CHECK(records == WRITERS * RECORDS && torn == 0);
    close(p[0]);
    while (wait(NULL) > 0)
        ;
}

static void nonblocking(void)
{
    int p[2];
    char c;

    CHECK(pipe(p) == 0);
    CHECK(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0);
    CHECK_ERR(read(p[0], &c, 1), EAGAIN);
    CHECK(fcntl(p[1], F_SETFL, O_NONBLOCK) == 0);
    static char block[4096];
    ssize_t r;
    long total = 0;
    while ((r = write(p[1], block, sizeof block)) > 0 && total < (8L << 20))
        total += r;
    CHECK(r == -1 && errno == EAGAIN && total > 0);     /* full: EAGAIN, not a hang */
    close(p[0]);
    close(p[1]);
}

static volatile sig_atomic_t rang;
static void on_alarm(int sig) { (void)sig; rang = 1; }

static void interrupted(void)
{
    int p[2];
    char c;
    struct sigaction sa = { .sa_handler = on_alarm };

    CHECK(pipe(p) == 0);
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
    CHECK_ERR(read(p[0], &c, 1), EINTR);
    CHECK(rang);
    signal(SIGALRM, SIG_DFL);
    close(p[0]);
    close(p[1]);
}

/* "producer | consumer": two exec'd programs joined on stdin/stdout. */
static void pipeline(void)
{
    int p[2], status = -1;

    CHECK(pipe(p) == 0);
    pid_t a = fork();
    if (a == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        char *args[] = { SELF, "produce", NULL };
        execv(SELF, args);
        _exit(99);
    }
    pid_t b = fork();
    if (b == 0) {
        dup2(p[0], 0);
        close(p[0]);
        close(p[1]);
        char *args[] = { SELF, "consume", NULL };
        execv(SELF, args);
        _exit(99);
    }
    close(p[0]);
    close(p[1]);
    CHECK(waitpid(a, &status, 0) == a);
    CHECK_EXITED(status, 0);
    CHECK(waitpid(b, &status, 0) == b);
    CHECK_EXITED(status, 0);                            /* it counted every line */
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "produce") == 0) {
        for (int i = 0; i < 1000; i++)
            printf("line %d\n", i);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "consume") == 0) {
        char line[64];
        int n = 0;
        while (fgets(line, sizeof line, stdin))
            n += strncmp(line, "line ", 5) == 0;
        return n == 1000 ? 0 : 1;
    }
    in_order();
    reader_blocks();
    writer_blocks();
    eof_needs_all_writers();
    no_reader();
    atomic_writes();
    nonblocking();
    interrupted();
    pipeline();
    return check_status();
}
