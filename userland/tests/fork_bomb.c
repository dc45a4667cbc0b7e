/*
 * fork_bomb: processes that fork without end fill the process table; fork
 * then fails with EAGAIN (not a panic, not a hang) and the system stays
 * usable.
 *
 * Every bomb process forks until fork fails, reports the errno it got
 * through a pipe, and keeps trying now and then.  Once our own fork fails
 * too, the table is full: files can still be opened and read.  Then the whole bomb (one
 * process group) is killed with SIGKILL; the orphans are reaped by init,
 * after which fork and execve work again and the memory comes back.
 */
#include "check.h"

#define SELF "/bin/tests/fork_bomb"

static int report_fd;

/* Fork for ever; report the first failure; keep trying, so the table stays full. */
static void bomb(void)
{
    int reported = 0;

    alarm(120);                                 /* the last line of defence */
    for (;;) {
        pid_t pid = fork();
        if (pid == 0) {
            alarm(120);
            reported = 0;
            continue;                           /* the child bombs on */
        }
        if (pid < 0 && !reported) {
            char c = errno == EAGAIN ? 'A' : errno == ENOMEM ? 'M' : 'O';
            write(report_fd, &c, 1);
            reported = 1;
        }
        if (pid < 0)
            usleep(20 * 1000);
    }
}

/* Fork a child that exits at once; 0 if that worked, else the errno. */
static int try_fork(void)
{
    pid_t pid = fork();

    if (pid == 0)
        _exit(0);
    if (pid < 0)
        return errno;
    waitpid(pid, NULL, 0);
    return 0;
}

static void usable_while_full(void)
{
    char buf[64];
    int fd = open("/proc/meminfo", O_RDONLY);

    CHECK(fd >= 0 && read(fd, buf, sizeof buf) > 0);
    close(fd);
    CHECK(getpid() > 1);
}

int main(int argc, char **argv)
{
    int p[2], err = 0, status = -1;

    if (argc == 2 && strcmp(argv[1], "hello") == 0)
        return 7;
    long before = check_mem_free_kib();
    CHECK(pipe(p) == 0);
    report_fd = p[1];
    pid_t root = fork();
    if (root == 0) {
        setpgid(0, 0);
        close(p[0]);
        bomb();
    }
    CHECK(root > 0);
    setpgid(root, root);
    close(p[1]);
    for (int tries = 0; tries < 400 && (err = try_fork()) == 0; tries++)
        usleep(50 * 1000);
    CHECK(err == EAGAIN);
    usable_while_full();
    CHECK(kill(-root, SIGKILL) == 0);
    for (int tries = 0; tries < 100 && kill(-root, SIGKILL) == 0; tries++)
        usleep(50 * 1000);                      /* children forked while we killed */
    CHECK_ERR(kill(-root, SIGKILL), ESRCH);
    CHECK(waitpid(root, &status, 0) == root);
    CHECK_KILLED(status, SIGKILL);

    /* what the bomb processes saw */
    char reports[512];
    int n = 0, r, eagain = 0;
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    while (n < (int)sizeof reports && (r = read(p[0], reports + n, sizeof reports - n)) > 0)
        n += r;
    for (int i = 0; i < n; i++)
        eagain += reports[i] == 'A';
    CHECK(n > 0 && eagain == n);
    if (eagain != n)
        fprintf(stderr, "fork_bomb: %d of %d failed forks were not EAGAIN\n", n - eagain, n);
    close(p[0]);

    /* init reaps the orphans; then everything works again */
    for (int tries = 0; tries < 200 && (err = try_fork()) != 0; tries++)
        usleep(50 * 1000);
    CHECK(err == 0);
    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = { SELF, "hello", NULL };
        execv(SELF, args);
        _exit(99);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK_EXITED(status, 7);
    long after = check_mem_free_kib();
    for (int tries = 0; tries < 50 && after < before - 64; tries++) {
        usleep(100 * 1000);
        after = check_mem_free_kib();
    }
    CHECK(after >= before - 64);
    if (after < before - 64)
        fprintf(stderr, "fork_bomb: %ld KiB free before, %ld after\n", before, after);
    return check_status();
}
