/*
 * fd_limits: the per-process descriptor table (64 slots).
 *
 * Opening until the table is full ends in EMFILE, not a crash or a
 * silent reuse; every call then fails cleanly (open, dup, pipe, fcntl
 * F_DUPFD) and leaks nothing, and closing one slot makes exactly that
 * slot the next one given out (always the lowest free).  Descriptor
 * numbers out of range answer EBADF everywhere.  A full table is copied
 * by fork, and the child's closes do not touch the parent's.  Many
 * processes with full tables at once work, and all of it is released.
 */
#include "check.h"

#define NOFILE 64

/* Open /dev/null until it fails; returns how many opened, *err = the failure's errno. */
static int fill(int *err)
{
    int n = 0, fd;

    while ((fd = open("/dev/null", O_RDONLY)) >= 0)
        n++;
    *err = errno;
    return n;
}

static void close_from(int first)
{
    for (int fd = first; fd < NOFILE; fd++)
        close(fd);
}

static void full_table(void)
{
    int err, p[2];
    int opened = fill(&err);

    CHECK(err == EMFILE);
    CHECK(opened == NOFILE - 3);                        /* 0, 1, 2 were taken already */
    CHECK_ERR(dup(0), EMFILE);
    CHECK_ERR(fcntl(0, F_DUPFD, 0), EMFILE);
    CHECK_ERR(pipe(p), EMFILE);
    CHECK(close(10) == 0);
    CHECK_ERR(pipe(p), EMFILE);                         /* needs two slots: takes none */
    CHECK(open("/dev/null", O_RDONLY) == 10);           /* the one free slot */
    CHECK(close(40) == 0 && close(20) == 0);
    CHECK(dup(0) == 20);                                /* the lowest free */
    CHECK_ERR(pipe(p), EMFILE);                         /* 40 is the only free slot */
    CHECK(open("/dev/null", O_RDONLY) == 40);
    CHECK(dup2(0, NOFILE - 1) == NOFILE - 1);           /* replacing an open one is fine */
    close_from(3);
    CHECK(open("/dev/null", O_RDONLY) == 3);
    close(3);
}

static void out_of_range(void)
{
    char c;
    int bad[] = { -1, NOFILE, NOFILE + 1, 1000, 0x7fffffff, -0x7fffffff };

    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int fd = bad[i];
        CHECK_ERR(read(fd, &c, 1), EBADF);
        CHECK_ERR(write(fd, &c, 1), EBADF);
        CHECK_ERR(close(fd), EBADF);
        CHECK_ERR(dup(fd), EBADF);
        CHECK_ERR(dup2(fd, 5), EBADF);
        CHECK_ERR(dup2(0, fd), EBADF);
        CHECK_ERR(lseek(fd, 0, SEEK_SET), EBADF);
        CHECK_ERR(fcntl(fd, F_GETFD), EBADF);
    }
    CHECK_ERR(fcntl(0, F_DUPFD, NOFILE), EINVAL);
    CHECK_ERR(fcntl(0, F_DUPFD, -1), EINVAL);
    CHECK_ERR(read(30, &c, 1), EBADF);                  /* in range, not open */
}

static void fork_with_full_table(void)
{
    int err, status = -1;

    fill(&err);
    pid_t pid = check_fork();
    if (pid == 0) {
        CHECK(fcntl(NOFILE - 1, F_GETFD) == 0);         /* inherited */
        CHECK_ERR(open("/dev/null", O_RDONLY), EMFILE);
        close_from(3);
        check_child_exit();
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 0);
    CHECK(fcntl(NOFILE - 1, F_GETFD) == 0);             /* ours stayed open */
    close_from(3);
}

/* Several processes, each with a full table of pipes and files, then all exit. */
static void many_full_tables(void)
{
    enum { PROCS = 8 };
    pid_t pids[PROCS];
    long before = check_mem_free_kib();

    for (int i = 0; i < PROCS; i++) {
        pids[i] = check_fork();
        if (pids[i] == 0) {
            int p[2], err;
            while (pipe(p) == 0)
                ;
            fill(&err);
            CHECK(err == EMFILE);
            CHECK_ERR(open("/dev/null", O_RDONLY), EMFILE);
            check_child_exit();                        /* exit closes them all */
        }
    }
    for (int i = 0; i < PROCS; i++) {
        int status = -1;
        CHECK(pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i]);
        CHECK_EXITED(status, 0);
    }
    CHECK(check_mem_free_kib() >= before - 64);         /* the pipes' buffers came back */
}

int main(void)
{
    close_from(3);                                      /* start from 0, 1, 2 only */
    full_table();
    out_of_range();
    fork_with_full_table();
    many_full_tables();
    return check_status();
}
